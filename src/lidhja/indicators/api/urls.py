from django.urls import path

from lidhja.indicators.api import views

app_name = "indicators-api"
urlpatterns = [path("<slug:plan>/", views.IndicatorList.as_view(), name="list")]
