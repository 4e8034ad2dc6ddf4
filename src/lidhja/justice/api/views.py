"""The justice API. Who sees what is decided by justice.domain.access alone: a user without a
justice role gets 403 everywhere; a proceeding of another office answers 404 like a missing
one. Changes go through the steps of justice.domain.steps, as on the pages."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from knox.auth import TokenAuthentication
from rest_framework import generics, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.cases.api.schema import errors
from lidhja.justice.api.inputs import serializer_for
from lidhja.justice.api.serializers import (
    ProceedingDetailSerializer,
    ProceedingListSerializer,
    ProceedingResultSerializer,
)
from lidhja.justice.domain import inputs, reading, services
from lidhja.justice.domain.access import find_proceeding, has_justice_role
from lidhja.justice.domain.steps import STEPS, offered_steps
from lidhja.justice.models import Proceeding

RegisterInput = serializer_for("register", inputs.REGISTER)


class HasJusticeRole(BasePermission):
    def has_permission(self, request, view):
        return has_justice_role(request.user)


class JusticeAPIView(generics.GenericAPIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, HasJusticeRole]
    queryset = Proceeding.objects.none()  # for the schema; rows come from justice.domain.access


class ProceedingList(generics.ListCreateAPIView, JusticeAPIView):
    """The proceedings of your office, and registering one."""

    def get_serializer_class(self):
        return RegisterInput if self.request.method == "POST" else ProceedingListSerializer

    @extend_schema(responses={200: ProceedingListSerializer, **errors(400, 401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(reading.list_for(request.user))
        return self.get_paginated_response(ProceedingListSerializer(page, many=True).data)

    @extend_schema(responses={201: ProceedingResultSerializer, **errors(400, 401, 403)})
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        serializer = RegisterInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        proceeding = services.register_proceeding(
            by=request.user,
            registered_on=serializer.validated_data["registered_on"],
            offences=list(serializer.validated_data["offences"]),
        )
        return Response(
            {"code": proceeding.code, "version": proceeding.version, "id": None},
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("justice-api:detail", args=[proceeding.code])},
        )


class ProceedingDetail(JusticeAPIView):
    """A proceeding as the page shows it: its parts and the steps you are offered."""

    @extend_schema(responses={200: ProceedingDetailSerializer, **errors(401, 403, 404)})
    def get(self, request, code):
        view = reading.view_proceeding(request.user, code)
        document = {
            "code": view.proceeding.code,
            "can_edit": view.can_edit,
            "version": view.proceeding.version,
            "steps": [step.name for step in view.steps],
            "parts": view.parts,
        }
        return Response(ProceedingDetailSerializer(document).data)


class ProceedingAction(JusticeAPIView):
    """One step on a proceeding (justice.domain.steps, the same steps as the page). A stale
    `version` answers 409."""

    operation = ""  # a STEPS key, set per URL

    def get_serializer_class(self):
        step = STEPS[self.operation]
        return serializer_for(step.name, step.input)

    @extend_schema(responses={200: ProceedingResultSerializer, **errors(400, 401, 403, 404, 409)})
    def post(self, request, code):
        proceeding = find_proceeding(request.user, code)
        step = STEPS[self.operation]
        if step not in offered_steps(proceeding, request.user):
            raise PermissionDenied(_("You may not take this step on this proceeding."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = step.run(proceeding, dict(serializer.validated_data), request.user)
        proceeding.refresh_from_db(fields=["version"])
        result = {
            "code": proceeding.code,
            "version": proceeding.version,
            "id": None if isinstance(row, Proceeding) else getattr(row, "pk", None),
        }
        return Response(result)
