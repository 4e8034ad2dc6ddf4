from django.urls import path

from lidhja.publication.api import views

app_name = "publication-api"
urlpatterns = [
    path("", views.ReleaseList.as_view(), name="releases"),
    path("definitions/", views.DefinitionList.as_view(), name="definitions"),
    path("<str:period>/", views.ReleaseDetail.as_view(), name="release"),
]
