from django.urls import path

from lidhja.coordination.api import views

app_name = "coordination-api"
urlpatterns = [
    path("bodies/", views.BodyList.as_view(), name="bodies"),
    path("bodies/<str:code>/", views.BodyDetail.as_view(), name="body"),
    path("meetings/", views.MeetingList.as_view(), name="meetings"),
    path("decisions/", views.DecisionList.as_view(), name="decisions"),
]
