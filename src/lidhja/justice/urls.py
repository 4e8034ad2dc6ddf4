from django.urls import path

from lidhja.justice.views import offences, pages, statistics

app_name = "justice"

urlpatterns = [
    path("", pages.proceeding_list, name="list"),
    path("new/", pages.proceeding_new, name="new"),
    path("statistics/", statistics.statistics_page, name="statistics"),
    path("offences/", offences.table_list, name="offences"),
    path("offences/<int:number>/", offences.table_detail, name="offence_table"),
    path("offences/<int:number>/<slug:change>/", offences.table_change, name="offence_change"),
    path("<str:code>/", pages.proceeding_detail, name="detail"),
    path("<str:code>/defendants/", pages.defendant_identities, name="identities"),
    path("<str:code>/<slug:action>/", pages.proceeding_action, name="action"),
]
