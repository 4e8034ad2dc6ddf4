from django.urls import path

from lidhja.cases.api import views
from lidhja.cases.domain.steps import STEPS

app_name = "cases-api"
urlpatterns = [
    path("", views.CaseList.as_view(), name="list"),
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
