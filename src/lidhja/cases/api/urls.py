from django.urls import path

from lidhja.cases.api import links, views
from lidhja.cases.domain.steps import STEPS

app_name = "cases-api"
urlpatterns = [
    path("", views.CaseList.as_view(), name="list"),
    path("links/", links.LinkList.as_view(), name="links"),
    path("links/<int:pk>/<slug:decision>/", links.LinkDecide.as_view(), name="link_decide"),
    path("<str:code>/", views.CaseDetail.as_view(), name="detail"),
    *(
        path(
            f"<str:code>/actions/{name}/",
            views.CaseAction.as_view(operation=name),
            name=f"action-{name}",
        )
        for name in STEPS
    ),
]
