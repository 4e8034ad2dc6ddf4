from django.urls import path

from lidhja.monitoring.views import bulk, documents, evidence, pages, reports

app_name = "monitoring"
urlpatterns = [
    path("", pages.period_list, name="periods"),
    path("dashboard/", reports.dashboard, name="dashboard"),
    path("midterm/<slug:plan>/", reports.midterm_page, name="midterm"),
    path("midterm/<slug:plan>.<str:fmt>", reports.midterm_download, name="midterm_download"),
    path("card/<str:organisation>.<str:fmt>", reports.card_download, name="card"),
    path("charts/<slug:plan>/<str:period>/<str:kind>.svg", reports.chart, name="chart"),
    path("obligations/<int:pk>/", pages.obligation_report, name="report"),
    path("obligations/<int:pk>/submit/", pages.report_submit, name="submit"),
    path("obligations/<int:pk>/review/", pages.report_review, name="review"),
    path("obligations/<int:pk>/evidence/", evidence.upload, name="evidence_upload"),
    path("evidence/<int:evidence_pk>/", evidence.download, name="evidence"),
    path("documents/<int:pk>/", documents.status, name="document"),
    path("documents/<int:pk>/file", documents.stored_file, name="document_file"),
    path("<str:period>/", pages.period_obligations, name="obligations"),
    path("<str:period>/compliance/", pages.period_compliance, name="compliance"),
    path("<str:period>/due-date/", pages.period_due_date, name="due_date"),
    path("<str:period>/report/", reports.quarterly_page, name="quarterly"),
    path("<str:period>/bulk/", bulk.bulk_upload, name="bulk"),
    path("<str:period>/bulk.xlsx", bulk.bulk_template, name="bulk_template"),
    path("<str:period>/submit-ready/", bulk.submit_ready, name="submit_ready"),
    path("<str:period>/report.<str:fmt>", reports.quarterly_download, name="quarterly_download"),
]
