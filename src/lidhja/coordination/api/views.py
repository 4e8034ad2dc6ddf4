"""The coordination API: the bodies, meetings and decisions the user sees (the pages' field
lists), and the secretariat's work (the pages' inputs and services). A body, meeting or decision
the user may not see answers 404 like a missing one; a step the user may not take 403; bad input
400 naming the field; a stale `version` 409."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.accounts.domain.permissions import can
from lidhja.cases.api.schema import errors
from lidhja.coordination.api.serializers import (
    AttendanceInput,
    BodyDetailSerializer,
    BodySerializer,
    ChangeMeetingInput,
    CloseDecisionInput,
    DecisionInput,
    DecisionSerializer,
    MeetingSerializer,
    RecordMeetingInput,
)
from lidhja.coordination.domain import access, queries, services
from lidhja.coordination.models import Body, Decision, Meeting
from lidhja.organisations.models import Qark


class CanViewBodies(BasePermission):
    def has_permission(self, request, view):
        return can(request.user, "coordination.view")


@extend_schema(responses={200: BodySerializer, **errors(400, 403)})
class BodyList(generics.ListAPIView):
    """The bodies the user sees (ONAC and observers: all; others: those of their organisation)."""

    serializer_class = BodySerializer
    permission_classes = [CanViewBodies]

    def get_queryset(self):
        return (
            access.visible_bodies(self.request.user)
            .select_related("chair", "secretariat")
            .order_by("code")
        )


@extend_schema(responses={200: BodyDetailSerializer, **errors(403, 404)})
class BodyDetail(generics.RetrieveAPIView):
    serializer_class = BodyDetailSerializer
    permission_classes = [CanViewBodies]

    def retrieve(self, request, *args, **kwargs):
        body = access.get_body_for_user(request.user, kwargs["code"])
        context = {**self.get_serializer_context(), "attendance": queries.attendance_rates(body)}
        return Response(BodyDetailSerializer(body, context=context).data)


class MeetingFilterSerializer(serializers.Serializer):
    """The filters of the meetings, checked like any input (400 naming the one at fault)."""

    body = serializers.CharField(required=False, max_length=32, help_text="A body's code")
    qark = serializers.ChoiceField(
        choices=Qark.choices, required=False, help_text="The qark of regional bodies"
    )


class DecisionFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=["open", "overdue", "closed", "all"], required=False, default="all"
    )
    owner = serializers.CharField(
        required=False, max_length=32, help_text="The owner organisation's code"
    )


def _filters(serializer_class, request) -> dict:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return dict(query.validated_data)


@extend_schema(
    parameters=[MeetingFilterSerializer], responses={200: MeetingSerializer, **errors(400, 403)}
)
class MeetingList(generics.ListAPIView):
    serializer_class = MeetingSerializer
    permission_classes = [CanViewBodies]

    def get_queryset(self):
        meetings = access.visible_meetings(self.request.user).select_related("body")
        params = _filters(MeetingFilterSerializer, self.request)
        if params.get("body"):
            meetings = meetings.filter(body__code=params["body"])
        if params.get("qark"):
            meetings = meetings.filter(body__qark=params["qark"])
        return meetings.order_by("date", "pk")


@extend_schema(
    parameters=[DecisionFilterSerializer], responses={200: DecisionSerializer, **errors(400, 403)}
)
class DecisionList(generics.ListAPIView):
    serializer_class = DecisionSerializer
    permission_classes = [CanViewBodies]

    def get_queryset(self):
        decisions = access.visible_decisions(self.request.user).select_related(
            "meeting__body", "owner"
        )
        params = _filters(DecisionFilterSerializer, self.request)
        if params.get("owner"):
            decisions = decisions.filter(owner__code=params["owner"])
        return queries.decisions_of(decisions, params["state"]).order_by("due_date", "pk")


# --- The secretariat's work ------------------------------------------------------------------


class SecretariatAPIView(generics.GenericAPIView):
    """A change: the user must see the object (404 otherwise), may take the step (403), then
    the input is checked (400 naming the field) and the service decides again."""

    permission_classes = [CanViewBodies]
    queryset: QuerySet[Any] = Meeting.objects.none()  # for the schema; rows: coordination.domain

    def valid(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def recorder_meeting(self, pk: int) -> Meeting:
        meeting = access.get_meeting_for_user(self.request.user, pk)
        services.require_record(self.request.user, meeting.body)
        return meeting


class MeetingRecord(SecretariatAPIView):
    """Record a meeting of the body: planned, or held (recorded afterwards; not on a future
    date). ONAC, or the body's secretariat."""

    serializer_class = RecordMeetingInput
    queryset = Body.objects.none()  # for the schema

    @extend_schema(responses={201: MeetingSerializer, **errors(400, 403, 404)})
    def post(self, request, code: str):
        body = access.get_body_for_user(request.user, code)
        services.require_record(request.user, body)
        meeting = services.record_meeting(body, by=request.user, **self.valid(RecordMeetingInput))
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


class MeetingChange(SecretariatAPIView):
    """Change a meeting's date, place, agenda or status (planned → held or cancelled, and a
    cancelled one back to planned), with the `version` last read; a field left out keeps its
    value."""

    serializer_class = ChangeMeetingInput

    @extend_schema(responses={200: MeetingSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk: int):
        meeting = self.recorder_meeting(pk)
        data = self.valid(ChangeMeetingInput)
        version = data.pop("version")
        changed = services.change_meeting(meeting, data, version=version, by=request.user)
        return Response(MeetingSerializer(changed).data)


class MeetingAttendance(SecretariatAPIView):
    """Record the attendance of a held meeting: present, excused or absent for organisations
    that were members on its day."""

    serializer_class = AttendanceInput

    @extend_schema(responses={200: MeetingSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk: int):
        meeting = self.recorder_meeting(pk)
        data = self.valid(AttendanceInput)
        recorded = services.record_attendance(
            meeting, data["attendance"], version=data["version"], by=request.user
        )
        return Response(MeetingSerializer(recorded).data)


class DecisionRecord(SecretariatAPIView):
    """Record a decision of a held meeting: a follow-up action with its owner organisation and
    due date."""

    serializer_class = DecisionInput

    @extend_schema(responses={201: DecisionSerializer, **errors(400, 403, 404)})
    def post(self, request, pk: int):
        meeting = self.recorder_meeting(pk)
        decision = services.record_decision(meeting, by=request.user, **self.valid(DecisionInput))
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class DecisionClose(SecretariatAPIView):
    """Close a decision, done (ONAC, the body's secretariat, or the owner organisation) or
    cancelled (ONAC or the secretariat), with a note, and the `version` last read."""

    serializer_class = CloseDecisionInput
    queryset = Decision.objects.none()  # for the schema

    @extend_schema(responses={200: DecisionSerializer, **errors(400, 403, 404, 409)})
    def post(self, request, pk: int):
        decision = access.get_decision_for_user(request.user, pk)
        if not access.may_close(request.user, decision):
            raise PermissionDenied(_("You may not close this decision."))
        data = self.valid(CloseDecisionInput)
        closed = services.close_decision(
            decision, data["status"], note=data["note"], version=data["version"], by=request.user
        )
        return Response(DecisionSerializer(closed).data)
