from django.urls import path

from lidhja.helpline.api import views

app_name = "helpline-api"
urlpatterns = [
    path("calls/", views.CallList.as_view(), name="calls"),
    path("statistics/", views.Statistics.as_view(), name="statistics"),
    path("calls/<str:reference>/", views.CallDetail.as_view(), name="call"),
    path("calls/<str:reference>/correct/", views.CallCorrect.as_view(), name="correct"),
    path("calls/<str:reference>/open-case/", views.CallOpenCase.as_view(), name="open_case"),
]
