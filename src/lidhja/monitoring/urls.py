from django.urls import path

from lidhja.monitoring.views import pages

app_name = "monitoring"
urlpatterns = [
    path("", pages.period_list, name="periods"),
    path("obligations/<int:pk>/", pages.obligation_report, name="report"),
    path("obligations/<int:pk>/submit/", pages.report_submit, name="submit"),
    path("obligations/<int:pk>/review/", pages.report_review, name="review"),
    path("<str:period>/", pages.period_obligations, name="obligations"),
    path("<str:period>/compliance/", pages.period_compliance, name="compliance"),
]
