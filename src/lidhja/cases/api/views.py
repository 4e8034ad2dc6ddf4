"""The case API. Who sees what is decided by cases.domain.access alone: a user without a case
role gets 403 everywhere; a case the user may not see answers 404 like a missing one; what a
visible case shows depends on the access level. Changes go through the domain services."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from knox.auth import TokenAuthentication
from rest_framework import generics, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.cases.api.inputs import CaseOpenInput, serializer_for
from lidhja.cases.api.schema import errors
from lidhja.cases.api.serializers import (
    CaseActionResultSerializer,
    CaseDetailSerializer,
    CaseFilterSerializer,
    CaseListSerializer,
    CaseOpenedSerializer,
)
from lidhja.cases.domain import linkage, reading, services
from lidhja.cases.domain.access import Level, has_case_role, levels_of
from lidhja.cases.domain.queries import CaseFilter
from lidhja.cases.domain.steps import STEPS
from lidhja.cases.models import Case

PERSON = OpenApiParameter(
    "person",
    bool,
    description=_("Include the identifying data you may see (the read is audited)."),
)


class HasCaseRole(BasePermission):
    def has_permission(self, request, view):
        return has_case_role(request.user)


class CaseAPIView(generics.GenericAPIView):
    # Token first, so that a missing or refused credential answers 401 (with
    # WWW-Authenticate), not 403.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, HasCaseRole]
    queryset = Case.objects.none()  # for the schema; cases come from cases.domain.access

    def case_for(self, code: str):
        return reading.find_case(self.request.user, code)


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
        return CaseOpenInput if self.request.method == "POST" else CaseListSerializer

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
        cases = reading.search_cases(request.user, f).select_related("managing_organisation")
        page = self.paginate_queryset(cases)
        levels = levels_of(request.user, page)
        rows = [list_row(case, levels[case.pk]) for case in page]
        return self.get_paginated_response(CaseListSerializer(rows, many=True).data)

    @extend_schema(responses={201: CaseOpenedSerializer, **errors(400, 401, 403, 409)})
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        serializer = CaseOpenInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        case = services.open_case(
            by=request.user,
            identity_values=data.pop("identity"),
            exploitation=data.pop("exploitation"),
            status=data.pop("status"),
            criteria=data.pop("criteria"),
            managing_organisation=data.pop("managing_organisation"),
            details=data,
        )
        warning = linkage.warning_for(case, request.user)
        return Response(
            {
                "code": case.code,
                "version": case.version,
                "possible_same_person": warning.codes,
                "unseen_possible_match": warning.unseen,
            },
            status=status.HTTP_201_CREATED,
            headers={"Location": reverse("cases-api:detail", args=[case.code])},
        )


class CaseDetail(CaseAPIView):
    """A case as your access level shows it (the same parts as the case page): full, shared
    (what open referrals to your organisation share) or summary (code, kind, status, stage and
    dates), with the steps you are offered."""

    @extend_schema(
        parameters=[PERSON], responses={200: CaseDetailSerializer, **errors(401, 403, 404)}
    )
    def get(self, request, code):
        wants_person = request.query_params.get("person") in ("1", "true")
        view = reading.view_case(request.user, code, person=wants_person, channel="api")
        document = {
            "code": view.case.code,
            "access": view.access.level.name.lower(),
            "can_edit": view.access.can_edit,
            "version": view.case.version,
            "steps": [step.name for step in view.steps],
            "parts": view.parts,
            "person": view.person,
        }
        response = Response(CaseDetailSerializer(document).data)
        if wants_person:
            response["Cache-Control"] = "no-store"
        return response


class CaseAction(CaseAPIView):
    """One step on a case (cases.domain.steps, the same steps as the case page). A stale
    `version` answers 409; the changes made meanwhile are listed to a reader of the whole case."""

    operation = ""  # a STEPS key, set per URL

    def get_serializer_class(self):
        step = STEPS[self.operation]
        return serializer_for(step.name, step.input)

    @extend_schema(
        responses={
            200: CaseActionResultSerializer,
            **errors(400, 401, 403, 404, 409),
        }
    )
    def post(self, request, code):
        case, access = self.case_for(code)
        step = STEPS[self.operation]
        if not step.allowed(access):
            raise PermissionDenied(_("You may not take this step on this case."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = step.run(case, dict(serializer.validated_data), request.user)
        case.refresh_from_db(fields=["version"])
        result = {
            "code": case.code,
            "version": case.version,
            "id": getattr(row, "pk", None) if not isinstance(row, Case) else None,
        }
        return Response(result)
