from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission

from lidhja.accounts.domain.permissions import can
from lidhja.resources.models import ResourcePlanLine


class ResourceLineSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code")
    chapter = serializers.CharField(source="node.chapter")
    activity = serializers.CharField(source="node.code")
    donor = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ResourcePlanLine
        fields = [
            "year",
            "organisation",
            "chapter",
            "activity",
            "funding_source",
            "donor",
            "amount",
            "currency",
        ]


class CanViewResources(BasePermission):
    def has_permission(self, request, view):
        return can(request.user, "resources.view")


class ResourceLineList(generics.ListAPIView):
    """Annual resource plan lines of a plan (expenditure is reported with the progress reports)."""

    serializer_class = ResourceLineSerializer
    permission_classes = [CanViewResources]

    def get_queryset(self):
        return ResourcePlanLine.objects.filter(node__plan__code=self.kwargs["plan"]).select_related(
            "organisation", "node", "donor"
        )
