from django.urls import path

from lidhja.organisations.views import manage, pages

app_name = "organisations"
urlpatterns = [
    path("", pages.organisation_list, name="list"),
    path("new/", manage.organisation_new, name="new"),
    path("import/", manage.organisation_import, name="import"),
    path("export.<str:fmt>", manage.organisation_export, name="export"),
    path("<str:code>/", pages.organisation_detail, name="detail"),
    path("<str:code>/edit/", manage.organisation_edit, name="edit"),
    path("<str:code>/merge/", manage.organisation_merge, name="merge"),
    path("<str:code>/<str:state>/", manage.organisation_active, name="active"),
]
