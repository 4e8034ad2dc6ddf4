"""The case API. Who sees what is decided by cases.domain.access alone: a user without a case
role gets 403 everywhere; a case the user may not see answers 404 like a missing one; what a
visible case shows depends on the access level. Changes go through the domain services."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
)
from knox.auth import TokenAuthentication
from rest_framework import generics, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from lidhja.accounts.domain.errors import DomainError, PermissionDenied, StaleObject
from lidhja.audit.domain import services as audit
from lidhja.cases.api.actions import ACTIONS
from lidhja.cases.api.schema import errors
from lidhja.cases.api.serializers import (
    CaseActionResultSerializer,
    CaseFilterSerializer,
    CaseFullSerializer,
    CaseListSerializer,
    CaseOpenedSerializer,
    CaseOpenSerializer,
    CaseSharedSerializer,
    CaseSummarySerializer,
)
from lidhja.cases.domain import identity, services
from lidhja.cases.domain.access import (
    CaseAccess,
    Level,
    access_to,
    has_case_role,
    levels_of,
    visible_cases,
)
from lidhja.cases.domain.queries import CaseFilter, case_list
from lidhja.cases.models import CarePlan, Case, CaseEvent, Referral, ServiceRecord
from lidhja.cases.models.choices import CaseStatus

PERSON = OpenApiParameter(
    "person",
    bool,
    description=_("Include the identifying data you may see (the read is audited)."),
)


class HasCaseRole(BasePermission):
    def has_permission(self, request, view):
        return has_case_role(request.user)


def domain_error_response(exc: Exception) -> Response | None:
    """The answer to an error a domain service raised, or None for any other error."""
    if isinstance(exc, DjangoValidationError):
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        return Response(
            {field: list(messages) for field, messages in errors.items()},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, services.CaseChanged):
        changes = [
            {
                "kind": event.kind,
                "at": event.at,
                "organisation": event.organisation.code if event.organisation else None,
            }
            for event in exc.events
        ]
        return Response({"detail": str(exc), "changes": changes}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, StaleObject | DomainError):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    return None


class CaseAPIView(generics.GenericAPIView):
    # Token first, so that a missing or refused credential answers 401 (with
    # WWW-Authenticate), not 403.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, HasCaseRole]
    queryset = Case.objects.none()  # for the schema; cases come from cases.domain.access

    def handle_exception(self, exc):
        response = domain_error_response(exc)
        return response if response is not None else super().handle_exception(exc)

    def case_for(self, code: str) -> tuple[Case, CaseAccess]:
        """The case with `code` and the user's access, or 404 when the user may not see it."""
        user = self.request.user
        cases = visible_cases(user).select_related(
            "person", "managing_organisation", "opened_by_organisation"
        )
        case = cases.filter(code=code.upper()).first()
        if case is None:
            raise NotFound
        access = access_to(user, case)
        if access.level is Level.NONE:
            raise NotFound
        return case, access


def list_row(case: Case, level: Level) -> dict:
    row = {
        "code": case.code,
        "kind": case.kind,
        "status": case.status,
        "stage": case.stage,
        "identified_on": case.identified_on,
        "closed_on": case.closed_on,
        "access": level.name.lower(),
        "qark": None,
        "managing_organisation": None,
        "transnational": None,
        "is_child": None,
    }
    if level is Level.FULL:
        row.update(
            qark=case.qark,
            managing_organisation=case.managing_organisation.code,
            transnational=case.transnational,
            is_child=case.is_child,
        )
    return row


class CaseList(generics.ListCreateAPIView, CaseAPIView):
    """The cases you may see (pseudonymous fields only), and opening a case."""

    def get_serializer_class(self):
        return CaseOpenSerializer if self.request.method == "POST" else CaseListSerializer

    @extend_schema(
        parameters=[CaseFilterSerializer],
        responses={200: CaseListSerializer, **errors(400, 401, 403)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        query = CaseFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        f = CaseFilter(**query.validated_data)
        page = self.paginate_queryset(case_list(request.user, f).select_related("person"))
        levels = levels_of(request.user, page)
        rows = [list_row(case, levels[case.pk]) for case in page]
        if f.searches_by_name:
            with transaction.atomic():
                audit.record("case.searched", actor=request.user)  # the fact, never the term
        return self.get_paginated_response(CaseListSerializer(rows, many=True).data)

    @extend_schema(responses={201: CaseOpenedSerializer, **errors(400, 401, 403, 409)})
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        serializer = CaseOpenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        case = services.open_case(
            by=request.user,
            identity_values=data.pop("identity"),
            exploitation=data.pop("exploitation"),
            status=data.pop("status", None) or CaseStatus.AT_RISK,
            criteria=data.pop("criteria"),
            managing_organisation=data.pop("managing_organisation"),
            details=data,
        )
        return Response(
            {"code": case.code, "version": case.version},
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("cases-api:detail", args=[case.code])},
        )


FULL_PREFETCH: list[str | Prefetch] = [
    "exploitation_rows",
    "permits",
    "follow_ups",
    "escalations",
    Prefetch("referrals", Referral.objects.select_related("from_organisation", "to_organisation")),
    Prefetch("plans", CarePlan.objects.select_related("organisation").prefetch_related("steps")),
    Prefetch("services", ServiceRecord.objects.select_related("provider")),
    Prefetch("events", CaseEvent.objects.select_related("organisation")),
]
LEVELS = {
    Level.FULL: CaseFullSerializer,
    Level.SHARED: CaseSharedSerializer,
    Level.SUMMARY: CaseSummarySerializer,
}


class CaseDetail(CaseAPIView):
    """A case as your access level shows it: full, shared (what open referrals to your
    organisation share) or summary (code, kind, status, stage and dates)."""

    @extend_schema(
        parameters=[PERSON],
        responses={
            200: PolymorphicProxySerializer(
                component_name="CaseDetail",
                serializers={level.name.lower(): s for level, s in LEVELS.items()},
                resource_type_field_name="access",
            ),
            **errors(401, 403, 404),
        },
    )
    def get(self, request, code):
        case, access = self.case_for(code)
        wants_person = request.query_params.get("person") in ("1", "true")
        context = {"access": access, "user": request.user}
        if access.level is Level.FULL:
            prefetch_related_objects([case], *FULL_PREFETCH)
        with transaction.atomic():
            audit.record(
                "case.viewed",
                actor=request.user,
                obj=case,
                changes={"access": access.level.name.lower(), "person": wants_person},
            )
            if wants_person and access.level >= Level.SHARED:
                context["person"] = identity.reveal(
                    case.person, case=case, access=access, by=request.user
                )
        return Response(LEVELS[access.level](case, context=context).data)


class CaseAction(CaseAPIView):
    """One change to a case (see cases.api.actions). A stale `version` answers 409 with the
    changes made meanwhile."""

    operation = ""  # an ACTIONS key, set per URL

    def get_serializer_class(self):
        return ACTIONS[self.operation].serializer

    @extend_schema(
        responses={
            200: CaseActionResultSerializer,
            **errors(400, 401, 403, 404, 409),
        }
    )
    def post(self, request, code):
        case, access = self.case_for(code)
        if not access.can_edit or access.level < ACTIONS[self.operation].minimum:
            raise PermissionDenied(_("You may not take this step on this case."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        row = ACTIONS[self.operation].run(case, request.user, version, data)
        case.refresh_from_db(fields=["version"])
        result = {
            "code": case.code,
            "version": case.version,
            "id": None if isinstance(row, Case) else row.pk,
        }
        return Response(result)
