from django.urls import path

from lidhja.trainings.api import views

app_name = "trainings-api"
urlpatterns = [
    path("events/", views.EventList.as_view(), name="events"),
    path("events/<int:pk>/", views.EventDetail.as_view(), name="event"),
    path("events/<int:pk>/attendance/", views.EventAttendance.as_view(), name="attendance"),
    path("roster/", views.RosterList.as_view(), name="roster"),
    path("roster/<str:reference>/", views.MemberDetail.as_view(), name="member"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
]
