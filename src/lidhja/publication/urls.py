from django.urls import path

from lidhja.publication.views import pages

app_name = "publication"

urlpatterns = [
    path("", pages.index, name="index"),
    path("definitions/", pages.definitions, name="definitions"),
    path("definitions/<str:code>/", pages.definition, name="definition"),
    path("<str:period>/", pages.period_page, name="period"),
    path("<str:period>/publish/", pages.publish, name="publish"),
]
