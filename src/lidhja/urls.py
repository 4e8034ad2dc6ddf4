from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from lidhja.accounts.views.language import set_language

urlpatterns = [
    path("", include("lidhja.core.urls")),
    path("accounts/", include("lidhja.accounts.urls")),
    path("users/", include("lidhja.accounts.urls_users")),
    path("organisations/", include("lidhja.organisations.urls")),
    path("plans/", include("lidhja.plans.urls")),
    path("audit/", include("lidhja.audit.urls")),
    path("monitoring/", include("lidhja.monitoring.urls")),
    path("indicators/", include("lidhja.indicators.urls")),
    path("resources/", include("lidhja.resources.urls")),
    path("evaluation/", include("lidhja.evaluation.urls")),
    path("cases/", include("lidhja.cases.urls")),
    path("exchange/", include("lidhja.exchange.urls")),
    path("justice/", include("lidhja.justice.urls")),
    path("statistics/", include("lidhja.publication.urls")),
    path("trainings/", include("lidhja.trainings.urls")),
    path("helpline/", include("lidhja.helpline.urls")),
    path("regional/", include("lidhja.regional.urls")),
    path("coordination/", include("lidhja.coordination.urls")),
    path("campaigns/", include("lidhja.campaigns.urls")),
    path("api/organisations/", include("lidhja.organisations.api.urls")),
    path("api/", include("lidhja.plans.api.urls")),
    path("api/monitoring/", include("lidhja.monitoring.api.urls")),
    path("api/indicators/", include("lidhja.indicators.api.urls")),
    path("api/resources/", include("lidhja.resources.api.urls")),
    path("api/cases/", include("lidhja.cases.api.urls")),
    path("api/justice/", include("lidhja.justice.api.urls")),
    path("api/statistics/", include("lidhja.publication.api.urls")),
    path("api/trainings/", include("lidhja.trainings.api.urls")),
    path("api/helpline/", include("lidhja.helpline.api.urls")),
    path("api/regional/", include("lidhja.regional.api.urls")),
    path("api/coordination/", include("lidhja.coordination.api.urls")),
    path("api/campaigns/", include("lidhja.campaigns.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("i18n/setlang/", set_language, name="set_language"),
]

handler403 = "lidhja.core.views.errors.forbidden"
handler404 = "lidhja.core.views.errors.not_found"
handler500 = "lidhja.core.views.errors.server_error"
