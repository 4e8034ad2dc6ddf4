from django.urls import path

from lidhja.helpline.views import pages, statistics

app_name = "helpline"

urlpatterns = [
    path("", pages.call_log, name="calls"),
    path("statistics/", statistics.statistics_page, name="statistics"),
    path("<str:reference>/", pages.call_detail, name="call"),
    path("<str:reference>/correct/", pages.call_correct, name="correct"),
    path("<str:reference>/open-case/", pages.call_open_case, name="open_case"),
]
