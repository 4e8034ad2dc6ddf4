from django.urls import path

from lidhja.justice.api import views
from lidhja.justice.domain.steps import STEPS

app_name = "justice-api"
urlpatterns = [
    path("", views.ProceedingList.as_view(), name="list"),
    path("<str:code>/", views.ProceedingDetail.as_view(), name="detail"),
    *(
        path(
            f"<str:code>/actions/{name}/",
            views.ProceedingAction.as_view(operation=name),
            name=f"action-{name}",
        )
        for name in STEPS
    ),
]
