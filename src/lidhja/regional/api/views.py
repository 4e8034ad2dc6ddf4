"""The API of the situation assessments: list, read, start, save a section, and the workflow
steps; the same services and queries as the pages."""

import re

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from lidhja.accounts.domain.permissions import can
from lidhja.cases.api.schema import errors
from lidhja.regional.api.serializers import (
    AssessmentListSerializer,
    AssessmentSerializer,
    SectionSerializer,
    StepSerializer,
)
from lidhja.regional.domain import services
from lidhja.regional.domain.halves import BadHalf, Half
from lidhja.regional.domain.queries import (
    assessment_of,
    may_review,
    may_write,
    rcat_for_user,
    visible_rcats,
)
from lidhja.regional.domain.sections import SECTIONS
from lidhja.regional.models import Assessment


class CanViewRegional(BasePermission):
    def has_permission(self, request, view):
        return can(request.user, "regional.view")


class RegionalView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated, CanViewRegional]
    queryset = Assessment.objects.none()  # for the schema

    def target(self, org: str, half: str):
        organisation = rcat_for_user(self.request.user, org)
        try:
            return organisation, Half.parse(half)
        except BadHalf:
            raise Http404 from None

    def assessment(self, org: str, half: str) -> Assessment:
        organisation, half_obj = self.target(org, half)
        found = assessment_of(organisation, half_obj)
        if found is None:
            raise Http404
        return found


class AssessmentList(generics.ListAPIView, RegionalView):
    """The assessments of the committees the user sees."""

    serializer_class = AssessmentListSerializer

    @extend_schema(parameters=[OpenApiParameter("year", int, required=False)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        found = Assessment.objects.filter(organisation__in=visible_rcats(self.request.user))
        year = self.request.query_params.get("year")
        if year:
            if not re.fullmatch(r"[0-9]{4}", year) or not 2000 <= int(year) <= 2100:
                raise ValidationError({"year": [_("Give a year from 2000 to 2100.")]})
            found = found.filter(year=int(year))
        return found.select_related("organisation").order_by("year", "half", "organisation__code")


class AssessmentDetail(RegionalView):
    serializer_class = AssessmentSerializer

    @extend_schema(responses={200: AssessmentSerializer, **errors(401, 403, 404)})
    def get(self, request, org: str, half: str):
        return Response(AssessmentSerializer(self.assessment(org, half)).data)

    @extend_schema(
        operation_id="regional_assessment_start",
        request=None,
        responses={201: AssessmentSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, org: str, half: str):
        """Start the draft assessment of the half-year."""
        organisation, half_obj = self.target(org, half)
        if not may_write(request.user, organisation):
            raise PermissionDenied
        assessment = services.start_assessment(organisation, half_obj, by=request.user)
        return Response(AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)


class AssessmentSection(RegionalView):
    serializer_class = SectionSerializer

    @extend_schema(
        request=SectionSerializer,
        responses={200: AssessmentSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def put(self, request, org: str, half: str, section: str):
        if section not in SECTIONS:
            raise Http404
        assessment = self.assessment(org, half)
        if not may_write(request.user, assessment.organisation):
            raise PermissionDenied
        serializer = SectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        saved = services.save_section(assessment, section, data, version=version, by=request.user)
        return Response(AssessmentSerializer(saved).data)


class AssessmentStep(RegionalView):
    serializer_class = StepSerializer

    @extend_schema(
        operation_id="regional_assessment_step",
        request=StepSerializer,
        responses={200: AssessmentSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, org: str, half: str, step: str):
        if step not in services.TRANSITIONS:
            raise Http404
        assessment = self.assessment(org, half)
        allowed = (
            may_write(request.user, assessment.organisation)
            if step == "submit"
            else may_review(request.user)
        )
        if not allowed:
            raise PermissionDenied
        serializer = StepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        moved = services.transition(
            assessment, step, version=data["version"], by=request.user, comment=data["comment"]
        )
        return Response(AssessmentSerializer(moved).data)
