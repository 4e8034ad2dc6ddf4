from django.urls import path

from lidhja.monitoring.api import views

app_name = "monitoring-api"
urlpatterns = [
    path("periods/", views.PeriodList.as_view(), name="periods"),
    path("periods/<str:period>/obligations/", views.ObligationList.as_view(), name="obligations"),
]
