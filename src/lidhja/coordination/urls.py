from django.urls import path

from lidhja.coordination.views import pages

app_name = "coordination"
urlpatterns = [
    path("", pages.bodies, name="bodies"),
    path("bodies/new/", pages.body_new, name="body_new"),
    path("bodies/<str:code>/", pages.body, name="body"),
    path("bodies/<str:code>/edit/", pages.body_edit, name="body_edit"),
    path("bodies/<str:code>/members/", pages.member_add, name="member_add"),
    path("bodies/<str:code>/meetings/", pages.meeting_new, name="meeting_new"),
    path("members/<int:pk>/end/", pages.member_end, name="member_end"),
    path("meetings/<int:pk>/", pages.meeting, name="meeting"),
    path("meetings/<int:pk>/change/", pages.meeting_change, name="meeting_change"),
    path("meetings/<int:pk>/attendance/", pages.attendance, name="attendance"),
    path("meetings/<int:pk>/minutes/", pages.minutes, name="minutes"),
    path("meetings/<int:pk>/minutes/upload/", pages.minutes_upload, name="minutes_upload"),
    path("meetings/<int:pk>/decisions/", pages.decision_new, name="decision_new"),
    path("decisions/", pages.decisions, name="decisions"),
    path("decisions/<int:pk>/close/", pages.decision_close, name="decision_close"),
    path("calendar/", pages.calendar, name="calendar"),
]
