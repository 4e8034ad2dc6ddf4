from django.urls import path

from lidhja.resources.views import pages

app_name = "resources"
urlpatterns = [
    path("", pages.summary, name="summary"),
    path("plan/", pages.plan_line, name="plan"),
    path("rates/", pages.rates, name="rates"),
]
