from django.urls import path

from lidhja.core.views import pages

app_name = "core"
urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
]
