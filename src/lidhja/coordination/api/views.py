from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from lidhja.accounts.domain.permissions import can
from lidhja.coordination.api.serializers import (
    BodyDetailSerializer,
    BodySerializer,
    DecisionSerializer,
    MeetingSerializer,
)
from lidhja.coordination.domain import access, queries
from lidhja.organisations.models import Qark


class CanViewBodies(BasePermission):
    def has_permission(self, request, view):
        return can(request.user, "coordination.view")


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


@extend_schema(parameters=[MeetingFilterSerializer])
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


@extend_schema(parameters=[DecisionFilterSerializer])
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
