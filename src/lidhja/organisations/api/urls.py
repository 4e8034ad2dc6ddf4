from django.urls import path

from lidhja.organisations.api import views

app_name = "organisations-api"
urlpatterns = [
    path("", views.OrganisationList.as_view(), name="list"),
    path("<str:code>/", views.OrganisationDetail.as_view(), name="detail"),
    *(
        path(
            f"<str:code>/{name}/",
            views.OrganisationAction.as_view(operation=name),
            name=name,
        )
        for name in ("deactivate", "reactivate", "merge")
    ),
]
