from django.urls import path

from lidhja.exchange.views import pages

app_name = "exchange"

urlpatterns = [
    path("compare/", pages.compare_page, name="compare"),
]
