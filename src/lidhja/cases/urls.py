from django.urls import path

from lidhja.cases.views import links, pages, statistics

app_name = "cases"

urlpatterns = [
    path("", pages.case_list_page, name="list"),
    path("new/", pages.case_new, name="new"),
    path("referrals/", pages.referral_inbox, name="referrals"),
    path("statistics/", statistics.statistics_page, name="statistics"),
    path("links/", links.link_list, name="links"),
    path("links/<int:pk>/<slug:decision>/", links.link_decide, name="link_decide"),
    path("<str:code>/", pages.case_detail, name="detail"),
    path("<str:code>/person/", pages.person_panel, name="person"),
    path("<str:code>/export/", pages.case_export, name="export"),
    path("<str:code>/files/<int:pk>/", pages.attachment_download, name="attachment"),
    path("<str:code>/<slug:action>/", pages.case_action, name="action"),
]
