from django.urls import path

from lidhja.regional.views import pages

app_name = "regional"
urlpatterns = [
    path("", pages.assessment_list, name="list"),
    path("home/", pages.home, name="home"),
    path("<str:org>/<str:half>/", pages.assessment_page, name="assessment"),
    path("<str:org>/<str:half>.<str:fmt>", pages.download, name="download"),
    path("<str:org>/<str:half>/start/", pages.start, name="start"),
    path("<str:org>/<str:half>/submit/", pages.submit, name="submit"),
    path("<str:org>/<str:half>/review/", pages.review, name="review"),
    path("<str:org>/<str:half>/sections/<str:section>/", pages.section, name="section"),
]
