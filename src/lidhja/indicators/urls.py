from django.urls import path

from lidhja.indicators.views import pages

app_name = "indicators"
urlpatterns = [
    path("", pages.indicator_list, name="list"),
    path("compute/", pages.compute, name="compute"),
    path("<int:pk>/", pages.indicator_detail, name="detail"),
    path("<int:pk>/values/", pages.add_value, name="add_value"),
]
