"""The error answers of the case API, described once for the schema: each endpoint names the
statuses it can give (`errors(400, 401, ...)`), with the same description everywhere."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse

from lidhja.cases.api.serializers import CaseConflictSerializer, CaseErrorSerializer

ERRORS = {
    400: OpenApiResponse(description=_("Invalid input: {field: [messages]}.")),
    401: OpenApiResponse(
        CaseErrorSerializer,
        description=_("No credentials, or a token that is unknown, expired or revoked."),
    ),
    403: OpenApiResponse(
        CaseErrorSerializer,
        description=_("Your role has no case access, or your access does not allow this step."),
    ),
    404: OpenApiResponse(
        CaseErrorSerializer, description=_("No case with this code that you may see.")
    ),
    409: OpenApiResponse(
        CaseConflictSerializer,
        description=_(
            "The case changed meanwhile (a stale version: the changes made since, as your "
            "access shows them), or a safeguard refuses the step."
        ),
    ),
}


def errors(*statuses: int) -> dict[int, OpenApiResponse]:
    return {status: ERRORS[status] for status in statuses}
