from django.urls import path

from lidhja.coordination.views import bodies, meetings

app_name = "coordination"
urlpatterns = [
    path("", bodies.bodies, name="bodies"),
    path("bodies/new/", bodies.body_new, name="body_new"),
    path("bodies/<str:code>/", bodies.body, name="body"),
    path("bodies/<str:code>/edit/", bodies.body_edit, name="body_edit"),
    path("bodies/<str:code>/members/", bodies.member_add, name="member_add"),
    path("bodies/<str:code>/meetings/", bodies.meeting_new, name="meeting_new"),
    path("members/<int:pk>/end/", bodies.member_end, name="member_end"),
    path(
        "members/<int:pk>/representatives/",
        bodies.member_representatives,
        name="member_representatives",
    ),
    path("meetings/<int:pk>/", meetings.meeting, name="meeting"),
    path("meetings/<int:pk>/change/", meetings.meeting_change, name="meeting_change"),
    path("meetings/<int:pk>/attendance/", meetings.attendance, name="attendance"),
    path("meetings/<int:pk>/minutes/", meetings.minutes, name="minutes"),
    path("meetings/<int:pk>/minutes/upload/", meetings.minutes_upload, name="minutes_upload"),
    path("meetings/<int:pk>/decisions/", meetings.decision_new, name="decision_new"),
    path("decisions/", meetings.decisions, name="decisions"),
    path("decisions/<int:pk>/close/", meetings.decision_close, name="decision_close"),
    path("calendar/", meetings.calendar, name="calendar"),
]
