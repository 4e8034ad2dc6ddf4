from django.urls import path

from lidhja.plans.views import pages

app_name = "plans"
urlpatterns = [
    path("", pages.plan_list, name="list"),
    path("<slug:plan>/", pages.plan_tree, name="tree"),
    path("<slug:plan>/export.<str:fmt>", pages.plan_export, name="export"),
    path("<slug:plan>/<str:chapter>/<str:code>/", pages.node_detail, name="node"),
    path(
        "<slug:plan>/<str:chapter>/<str:code>/timeline/", pages.node_timeline, name="node_timeline"
    ),
    path("<slug:plan>/<str:chapter>/<str:code>/items/", pages.node_subtree, name="subtree"),
    path(
        "<slug:plan>/<str:chapter>/<str:code>/translation/",
        pages.node_translation,
        name="node_translation",
    ),
]
