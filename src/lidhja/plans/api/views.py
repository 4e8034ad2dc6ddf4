from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission

from lidhja.accounts.domain.permissions import can
from lidhja.plans.api.serializers import PlanNodeSerializer, PlanSerializer
from lidhja.plans.domain.queries import plan_nodes
from lidhja.plans.models import Chapter, Plan


class CanViewPlans(BasePermission):
    def has_permission(self, request, view):
        return can(request.user, "plan.view")


class PlanList(generics.ListAPIView):
    serializer_class = PlanSerializer
    permission_classes = [CanViewPlans]
    queryset = Plan.objects.order_by("code")


class PlanNodeList(generics.ListAPIView):
    serializer_class = PlanNodeSerializer
    permission_classes = [CanViewPlans]

    @extend_schema(parameters=[OpenApiParameter("chapter", enum=Chapter.values)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        plan = get_object_or_404(Plan, code=self.kwargs["plan"])
        nodes = plan_nodes(plan)
        chapter = self.request.query_params.get("chapter")
        if chapter:
            if chapter not in Chapter.values:
                raise ValidationError({"chapter": [f"must be one of {', '.join(Chapter.values)}"]})
            nodes = nodes.filter(chapter=chapter)
        return nodes
