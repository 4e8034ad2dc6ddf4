from django.urls import path

from lidhja.campaigns.api import views

app_name = "campaigns-api"
urlpatterns = [
    path("", views.CampaignList.as_view(), name="list"),
    path("<str:code>/", views.CampaignDetail.as_view(), name="detail"),
    path("<str:code>/reach/<str:period>/", views.ReachDetail.as_view(), name="reach"),
    path(
        "<str:code>/reach/<str:period>/submit/",
        views.ReachStep.as_view(step="submit"),
        name="reach_submit",
    ),
    path(
        "<str:code>/reach/<str:period>/return/",
        views.ReachStep.as_view(step="return"),
        name="reach_return",
    ),
]
