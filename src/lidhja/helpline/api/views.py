"""The helpline API, with the pages' rules: the calls of one's own organisation only (403
without the role, 404 for another organisation's call), changes through the same services,
and the statistics for every role that may read them."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from knox.auth import TokenAuthentication
from rest_framework import generics, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from lidhja.accounts.domain.permissions import can
from lidhja.cases.api.schema import errors
from lidhja.helpline.api.serializers import (
    CallResultSerializer,
    CallSerializer,
    StatisticsSerializer,
    serializer_for,
)
from lidhja.helpline.domain import inputs, queries, services, statistics
from lidhja.helpline.interfaces.forms import chosen
from lidhja.helpline.models import Call

LogInput = serializer_for("call", inputs.CALL)
CorrectInput = serializer_for("correct", inputs.CORRECT)
OpenCaseInput = serializer_for("open-case", inputs.OPEN_CASE)


class LogsCalls(BasePermission):
    def has_permission(self, request, view):
        return queries.may_log(request.user)


class ReadsStatistics(BasePermission):
    def has_permission(self, request, view):
        return can(request.user, "helpline.statistics")


class HelplineAPIView(generics.GenericAPIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, LogsCalls]
    queryset = Call.objects.none()  # for the schema; rows come from helpline.domain.queries


def _result(call: Call) -> Response:
    case = call.case.code if call.case_id and call.case else None
    return Response({"reference": call.reference, "version": call.version, "case": case})


class CallList(generics.ListCreateAPIView, HelplineAPIView):
    """The calls of your organisation, newest first, and logging one."""

    def get_serializer_class(self):
        return LogInput if self.request.method == "POST" else CallSerializer

    @extend_schema(responses={200: CallSerializer, **errors(400, 401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(queries.calls_for(request.user))
        return self.get_paginated_response([queries.document(call) for call in page])

    @extend_schema(responses={201: CallResultSerializer, **errors(400, 401, 403)})
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        serializer = LogInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        call = services.log_call(by=request.user, values=dict(serializer.validated_data))
        response = _result(call)
        response.status_code = status.HTTP_201_CREATED
        response["Location"] = reverse("helpline-api:call", args=[call.reference])
        return response


class CallDetail(HelplineAPIView):
    """A call as the page shows it; of the case it opened, only the code."""

    @extend_schema(responses={200: CallSerializer, **errors(401, 403, 404)})
    def get(self, request, reference):
        return Response(queries.document(queries.call_for(request.user, reference)))


class CallCorrect(HelplineAPIView):
    """Correct a call: every field of the call, and the version you last read (409 if stale)."""

    serializer_class = CorrectInput

    @extend_schema(responses={200: CallResultSerializer, **errors(400, 401, 403, 404, 409)})
    def post(self, request, reference):
        call = queries.call_for(request.user, reference)
        serializer = CorrectInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        call = services.correct_call(
            call, by=request.user, version=values.pop("version"), values=values
        )
        return _result(call)


class CallOpenCase(HelplineAPIView):
    """Open a potential case from the call (once; a second time answers 409)."""

    serializer_class = OpenCaseInput

    @extend_schema(responses={201: CallResultSerializer, **errors(400, 401, 403, 404, 409)})
    def post(self, request, reference):
        call = queries.call_for(request.user, reference)
        serializer = OpenCaseInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.open_case_from_call(
            call, by=request.user, version=values.pop("version"), values=values
        )
        call.refresh_from_db()
        response = _result(call)
        response.status_code = status.HTTP_201_CREATED
        return response


class Statistics(generics.GenericAPIView):
    """Counts of calls of a year by quarter or month (`by`), each split by line, topic,
    caller, qark and outcome; a hidden count is null."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, ReadsStatistics]
    serializer_class = StatisticsSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="The year (this year when left out)."),
            OpenApiParameter("by", str, enum=list(statistics.GRANULARITIES)),
        ],
        responses={200: StatisticsSerializer, **errors(400, 401, 403)},
    )
    def get(self, request):
        year, by, problems = chosen(request.query_params)
        if problems:
            raise ApiValidationError(problems)
        return Response(StatisticsSerializer(statistics.document(year, by)).data)
