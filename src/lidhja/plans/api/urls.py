from django.urls import path

from lidhja.plans.api import views

app_name = "api"
urlpatterns = [
    path("plans/", views.PlanList.as_view(), name="plans"),
    path("plans/<slug:plan>/nodes/", views.PlanNodeList.as_view(), name="plan-nodes"),
]
