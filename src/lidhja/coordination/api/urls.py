from django.urls import path

from lidhja.coordination.api import views

app_name = "coordination-api"
urlpatterns = [
    path("bodies/", views.BodyList.as_view(), name="bodies"),
    path("bodies/<str:code>/", views.BodyDetail.as_view(), name="body"),
    path("bodies/<str:code>/meetings/", views.MeetingRecord.as_view(), name="meeting_record"),
    path("meetings/", views.MeetingList.as_view(), name="meetings"),
    path("meetings/<int:pk>/change/", views.MeetingChange.as_view(), name="meeting_change"),
    path("meetings/<int:pk>/attendance/", views.MeetingAttendance.as_view(), name="attendance"),
    path("meetings/<int:pk>/decisions/", views.DecisionRecord.as_view(), name="decision_record"),
    path("decisions/", views.DecisionList.as_view(), name="decisions"),
    path("decisions/<int:pk>/close/", views.DecisionClose.as_view(), name="decision_close"),
]
