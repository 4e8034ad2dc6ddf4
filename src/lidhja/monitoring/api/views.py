from django.shortcuts import get_object_or_404
from rest_framework import generics
from rest_framework.permissions import BasePermission

from lidhja.accounts.domain.permissions import can
from lidhja.monitoring.api.serializers import ObligationSerializer, PeriodSerializer
from lidhja.monitoring.domain.queries import obligations_for
from lidhja.monitoring.models import ReportingPeriod


class CanViewMonitoring(BasePermission):
    def has_permission(self, request, view):
        return can(request.user, "monitoring.view")


class PeriodList(generics.ListAPIView):
    serializer_class = PeriodSerializer
    permission_classes = [CanViewMonitoring]
    queryset = ReportingPeriod.objects.order_by("year", "quarter")


class ObligationList(generics.ListAPIView):
    """The obligations of a period the user may see, each with its report (or null)."""

    serializer_class = ObligationSerializer
    permission_classes = [CanViewMonitoring]

    def get_queryset(self):
        period = get_object_or_404(ReportingPeriod, code=self.kwargs["period"].upper())
        return obligations_for(self.request.user, period).select_related(
            "period", "node__plan", "report__donor"
        )
