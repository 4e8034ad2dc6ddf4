from django.urls import path

from lidhja.campaigns.views import pages

app_name = "campaigns"
urlpatterns = [
    path("", pages.campaign_list, name="list"),
    path("new/", pages.new_campaign, name="new"),
    path("reach/", pages.overview, name="overview"),
    path("<str:code>/", pages.campaign_detail, name="detail"),
    path("<str:code>/edit/", pages.edit_campaign, name="edit"),
    path("<str:code>/materials/", pages.add_material, name="add_material"),
    path("<str:code>/materials/<int:pk>/file/", pages.material_file, name="material_file"),
    path("<str:code>/events/", pages.add_event, name="add_event"),
    path(
        "<str:code>/materials/<int:pk>/edit/",
        pages.edit_item,
        {"kind": "material"},
        name="edit_material",
    ),
    path(
        "<str:code>/materials/<int:pk>/withdraw/",
        pages.withdraw_item,
        {"kind": "material"},
        name="withdraw_material",
    ),
    path("<str:code>/events/<int:pk>/edit/", pages.edit_item, {"kind": "event"}, name="edit_event"),
    path(
        "<str:code>/events/<int:pk>/withdraw/",
        pages.withdraw_item,
        {"kind": "event"},
        name="withdraw_event",
    ),
    path("<str:code>/reach/<str:period>/", pages.reach, name="reach"),
    path("<str:code>/reach/<str:period>/return/", pages.return_reach, name="return_reach"),
]
