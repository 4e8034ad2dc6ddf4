"""The trainings API: the same rows as the pages (trainings.domain.showing), read by the same
permissions. Roster names are sent only with `?names=1`, only for the members the policy lets
the caller see, and each such answer is an audited read."""

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from knox.auth import TokenAuthentication
from rest_framework import generics
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from lidhja.accounts.domain.permissions import can
from lidhja.cases.api.schema import errors
from lidhja.trainings.api.serializers import (
    CoverageSerializer,
    EventDetailSerializer,
    EventSerializer,
    MemberSerializer,
)
from lidhja.trainings.domain import queries, reading, showing
from lidhja.trainings.domain.access import find_event
from lidhja.trainings.interfaces.forms import CoverageForm, EventFilterForm, RosterFilterForm
from lidhja.trainings.models import RosterMember, TrainingEvent


class CanViewTrainings(BasePermission):
    def has_permission(self, request, view):
        return can(request.user, "training.view")


class TrainingsAPIView(generics.GenericAPIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, CanViewTrainings]
    queryset: Any = TrainingEvent.objects.none()  # for the schema


def _valid(form):
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    return form.cleaned_data


class EventList(TrainingsAPIView):
    """Training events, filtered like the events page (year, qark, target_group, provider and
    module codes)."""

    @extend_schema(responses={200: EventSerializer(many=True), **errors(400, 401, 403)})
    def get(self, request):
        filters = _valid(EventFilterForm(request.query_params))
        page = self.paginate_queryset(queries.events(filters))
        return self.get_paginated_response([showing.event_row(e) for e in page])


class EventDetail(TrainingsAPIView):
    """A training event with its participants by organisation, function and sex."""

    @extend_schema(responses={200: EventDetailSerializer, **errors(401, 403, 404)})
    def get(self, request, pk: int):
        return Response(
            EventDetailSerializer(showing.event_document(find_event(request.user, pk))).data
        )


class RosterList(TrainingsAPIView):
    """The roster of specialised staff, by reference. With `names=1`, the names the policy
    lets you see (ONAC: all; a focal point: its own organisation's), each answer audited."""

    queryset = RosterMember.objects.none()

    @extend_schema(
        parameters=[OpenApiParameter("names", OpenApiTypes.BOOL, description="Add the names.")],
        responses={200: MemberSerializer(many=True), **errors(400, 401, 403)},
    )
    def get(self, request):
        filters = _valid(RosterFilterForm(request.query_params))
        members = RosterMember.objects.select_related("organisation")
        if filters.get("function"):
            members = members.filter(function=filters["function"])
        if filters.get("organisation"):
            members = members.filter(organisation=filters["organisation"])
        page = self.paginate_queryset(members)
        rows = [showing.member_row(m) for m in page]
        if request.query_params.get("names") in ("1", "true"):
            names = reading.reveal_names(request.user, list(page))
            for row in rows:
                if row["reference"] in names:
                    row["name"] = names[row["reference"]]
        response = self.get_paginated_response(rows)
        response["Cache-Control"] = "no-store"
        return response


class CoverageView(TrainingsAPIView):
    """Coverage of the plan's training targets on a date (`on`, default today)."""

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE)],
        responses={200: CoverageSerializer, **errors(400, 401, 403)},
    )
    def get(self, request):
        on = _valid(CoverageForm(request.query_params)).get("on") or timezone.localdate()
        return Response(CoverageSerializer(showing.coverage_document(queries.coverage(on))).data)
