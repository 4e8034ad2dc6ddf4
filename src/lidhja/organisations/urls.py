from django.urls import path

from lidhja.organisations.views import pages

app_name = "organisations"
urlpatterns = [
    path("", pages.organisation_list, name="list"),
    path("<str:code>/", pages.organisation_detail, name="detail"),
]
