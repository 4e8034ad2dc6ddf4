"""The national statistics API: published periods, a period's tables (the same document the
page and the downloads render), and the definitions registry."""

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from lidhja.accounts.domain.permissions import can
from lidhja.publication.api.serializers import (
    DefinitionSerializer,
    DocumentSerializer,
    ReleaseSerializer,
)
from lidhja.publication.domain.periods import Period
from lidhja.publication.interfaces.documents import document_in
from lidhja.publication.models import Definition, Release

LANGUAGES = ("en", "sq")


class CanViewStatistics(BasePermission):
    def has_permission(self, request, view):
        return can(request.user, "statistics.view")


class ReleaseList(generics.ListAPIView):
    """The published periods, newest first."""

    serializer_class = ReleaseSerializer
    permission_classes = [CanViewStatistics]
    queryset = Release.objects.order_by("-year", "-quarter")


class DefinitionList(generics.ListAPIView):
    """Every version of every definition."""

    serializer_class = DefinitionSerializer
    permission_classes = [CanViewStatistics]
    queryset = Definition.objects.order_by("code", "version")


class ReleaseDetail(APIView):
    permission_classes = [CanViewStatistics]

    @extend_schema(
        parameters=[OpenApiParameter("lang", str, enum=list(LANGUAGES))],
        responses={
            200: DocumentSerializer,
            400: OpenApiResponse(description=_("Invalid input: {field: [messages]}.")),
            404: OpenApiResponse(description=_("This period has not been published.")),
        },
    )
    def get(self, request, period: str):
        """A published period's tables beside the previous period as published; a hidden
        count is null."""
        lang = request.query_params.get("lang", get_language() or "en")
        if lang not in LANGUAGES:
            raise ValidationError({"lang": _("Give en or sq.")})
        document = document_in(Period.parse(period), lang)
        if document is None:
            raise NotFound(_("This period has not been published."))
        return Response(DocumentSerializer(document).data)
