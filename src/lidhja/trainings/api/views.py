"""The trainings API: the same rows as the pages (trainings.domain.showing), read by the same
permissions. Roster names are sent only with `?names=1`, only for the members the policy lets
the caller see, and each such answer is an audited read.

Changes take the pages' forms (trainings.interfaces.forms) and the attendance sheet's reader
for their input, and the same services; a refusal answers like the pages: 400 naming the
field, 403, 404, 409 for a stale version. A name is taken in a body only, never sent back by a
change, and never put in an error message (the name fields are free text, whose errors do not
repeat the value)."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from knox.auth import TokenAuthentication
from rest_framework import generics, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.accounts.domain.permissions import can
from lidhja.cases.api.schema import errors
from lidhja.trainings.api.serializers import (
    AttendanceInputSerializer,
    CoverageSerializer,
    EventChangeSerializer,
    EventDetailSerializer,
    EventInputSerializer,
    EventSerializer,
    MemberChangeSerializer,
    MemberInputSerializer,
    MemberSerializer,
    VersionSerializer,
)
from lidhja.trainings.domain import queries, reading, services, showing
from lidhja.trainings.domain.access import (
    event_to_change,
    find_event,
    find_member,
    member_to_change,
)
from lidhja.trainings.interfaces import attendance
from lidhja.trainings.interfaces.forms import (
    CoverageForm,
    EventFilterForm,
    EventForm,
    MemberForm,
    RosterFilterForm,
)
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


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _body(request: Request) -> dict[str, Any]:
    if not isinstance(request.data, dict):
        raise ValidationError({"non_field_errors": [_("Send a JSON object.")]})
    return request.data


def _form_values(form: Any, *, version: bool) -> tuple[dict[str, Any], int]:
    """The cleaned values of a page form filled from a request body (400 naming each bad
    field), and the version the change names (required when `version`)."""
    if not form.is_valid():
        raise ValidationError(
            {
                ("non_field_errors" if name == "__all__" else name): [str(m) for m in messages]
                for name, messages in form.errors.items()
            }
        )
    values = dict(form.cleaned_data)
    read = values.pop("version", None)
    if version and read is None:
        raise ValidationError({"version": [_("Give the version you last read.")]})
    return values, read or 0


def _member_answer(member: RosterMember) -> Response:
    response = Response(MemberSerializer(showing.member_row(member)).data)
    response["Cache-Control"] = "no-store"
    return response


class EventList(TrainingsAPIView):
    """Training events, filtered like the events page (year, qark, target_group, provider and
    module codes); recording one (a focal point: one its own organisation provides)."""

    @extend_schema(
        request=EventInputSerializer,
        responses={201: EventSerializer, **errors(400, 401, 403)},
    )
    def post(self, request):
        _refuse_unless(can(request.user, "training.record"), _("You may not record trainings."))
        values, _version = _form_values(EventForm(_body(request), user=request.user), version=False)
        event = services.record_event(by=request.user, values=values)
        return Response(showing.event_row(event), status=status.HTTP_201_CREATED)

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

    @extend_schema(
        request=EventChangeSerializer,
        responses={200: EventSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def put(self, request, pk: int):
        """Change the event, naming the `version` last read."""
        event = event_to_change(request.user, pk)
        form = EventForm(_body(request), user=request.user)
        values, version = _form_values(form, version=True)
        event = services.edit_event(event, by=request.user, version=version, values=values)
        return Response(showing.event_row(event))


class EventAttendance(TrainingsAPIView):
    """The counted participants of an event (organisation, function, sex, count), replaced
    whole as an attendance sheet replaces them; the named participants stay."""

    @extend_schema(
        request=AttendanceInputSerializer,
        responses={200: EventDetailSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def put(self, request, pk: int):
        event = event_to_change(request.user, pk)
        body = _body(request)
        read = VersionSerializer(data=body)
        read.is_valid(raise_exception=True)
        version = read.validated_data["version"]
        try:
            counts = attendance.read_counts(body.get("counts"), event)
        except attendance.AttendanceError as exc:
            raise ValidationError({"counts": _row_errors(exc, body.get("counts"))}) from exc
        event = services.replace_attendance(
            event, by=request.user, version=version, counts=counts, members=None
        )
        return Response(EventDetailSerializer(showing.event_document(event)).data)


def _row_errors(exc: attendance.AttendanceError, rows: Any) -> Any:
    """Problems as DRF shows a list's: one entry per row given, naming each bad field."""
    if not isinstance(rows, list) or any(p.row == 0 for p in exc.problems):
        return [p.message for p in exc.problems]
    answer: list[dict[str, list[str]]] = [{} for _row in rows]
    for problem in exc.problems:
        answer[problem.row - 1].setdefault(problem.key or "non_field_errors", []).append(
            problem.message
        )
    return answer


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

    @extend_schema(
        request=MemberInputSerializer,
        responses={201: MemberSerializer, **errors(400, 401, 403)},
    )
    def post(self, request):
        """Add a member (a focal point: of its own organisation). The answer carries the new
        reference, not the name."""
        _refuse_unless(
            can(request.user, "training.roster_edit"), _("You may not change the roster.")
        )
        form = MemberForm(_body(request), user=request.user)
        values, _version = _form_values(form, version=False)
        member = services.add_member(by=request.user, values=values)
        response = _member_answer(member)
        response.status_code = status.HTTP_201_CREATED
        return response


class MemberDetail(TrainingsAPIView):
    """A roster member by reference; with `names=1` the name, where the policy lets you see it
    (an audited read). Changing the member takes its name in the body, like the page's form."""

    queryset = RosterMember.objects.none()

    @extend_schema(
        parameters=[OpenApiParameter("names", OpenApiTypes.BOOL, description="Add the name.")],
        responses={200: MemberSerializer, **errors(401, 403, 404)},
    )
    def get(self, request, reference: str):
        member = find_member(request.user, reference)
        response = _member_answer(member)
        if request.query_params.get("names") in ("1", "true"):
            name = reading.reveal_names(request.user, [member]).get(member.reference)
            if name is not None:
                response.data["name"] = name
        return response

    @extend_schema(
        request=MemberChangeSerializer,
        responses={200: MemberSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def put(self, request, reference: str):
        member = member_to_change(request.user, reference)
        form = MemberForm(_body(request), user=request.user)
        values, version = _form_values(form, version=True)
        member = services.edit_member(member, by=request.user, version=version, values=values)
        return _member_answer(member)


class CoverageView(TrainingsAPIView):
    """Coverage of the plan's training targets on a date (`on`, default today)."""

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE)],
        responses={200: CoverageSerializer, **errors(400, 401, 403)},
    )
    def get(self, request):
        on = _valid(CoverageForm(request.query_params)).get("on") or timezone.localdate()
        return Response(CoverageSerializer(showing.coverage_document(queries.coverage(on))).data)
