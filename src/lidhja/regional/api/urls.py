from django.urls import path

from lidhja.regional.api import views

app_name = "regional-api"
urlpatterns = [
    path("assessments/", views.AssessmentList.as_view(), name="assessments"),
    path("assessments/<str:org>/<str:half>/", views.AssessmentDetail.as_view(), name="assessment"),
    path(
        "assessments/<str:org>/<str:half>/sections/<str:section>/",
        views.AssessmentSection.as_view(),
        name="section",
    ),
    path(
        "assessments/<str:org>/<str:half>/<str:step>/",
        views.AssessmentStep.as_view(),
        name="step",
    ),
]
