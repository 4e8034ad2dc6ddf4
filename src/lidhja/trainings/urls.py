from django.urls import path

from lidhja.trainings.views import pages

app_name = "trainings"
urlpatterns = [
    path("", pages.events, name="events"),
    path("new/", pages.event_new, name="event_new"),
    path("<int:pk>/", pages.event, name="event"),
    path("<int:pk>/edit/", pages.event_edit, name="event_edit"),
    path("<int:pk>/attendance/", pages.event_import, name="event_import"),
    path(
        "<int:pk>/attendance/template.<str:fmt>",
        pages.event_template,
        name="event_template",
    ),
    path("modules/", pages.modules, name="modules"),
    path("roster/", pages.roster, name="roster"),
    path("roster/names/", pages.roster_names, name="roster_names"),
    path("roster/new/", pages.member_new, name="member_new"),
    path("roster/<str:reference>/", pages.member, name="member"),
    path("roster/<str:reference>/edit/", pages.member_edit, name="member_edit"),
    path("coverage/", pages.coverage, name="coverage"),
]
