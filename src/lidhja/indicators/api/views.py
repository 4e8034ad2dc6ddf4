from django.db.models import Prefetch
from rest_framework import generics
from rest_framework.permissions import BasePermission

from lidhja.accounts.domain.permissions import can
from lidhja.indicators.api.serializers import IndicatorSerializer
from lidhja.indicators.models import Indicator, IndicatorValue


class CanViewIndicators(BasePermission):
    def has_permission(self, request, view):
        return can(request.user, "indicator.view")


class IndicatorList(generics.ListAPIView):
    """Indicators of a plan with their values."""

    serializer_class = IndicatorSerializer
    permission_classes = [CanViewIndicators]

    def get_queryset(self):
        values = IndicatorValue.objects.select_related("period")
        return (
            Indicator.objects.filter(node__plan__code=self.kwargs["plan"])
            .select_related("node__plan")
            .prefetch_related(Prefetch("values", queryset=values))
        )
