from rest_framework import serializers

from lidhja.organisations.models import Organisation
from lidhja.plans.models import Plan, PlanNode


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["code", "abbreviation", "name", "name_sq", "kind", "level", "qark", "collective"]


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["code", "title", "title_sq", "start_year", "end_year", "source"]


class PlanNodeSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="code")
    parent = serializers.SerializerMethodField()
    lead_agencies = serializers.SerializerMethodField()
    partner_agencies = serializers.SerializerMethodField()

    class Meta:
        model = PlanNode
        fields = [
            "id",
            "chapter",
            "level",
            "parent",
            "depth",
            "text",
            "indicators",
            "targets",
            "lead_agencies",
            "partner_agencies",
            "agencies_text",
            "timeline_text",
            "due_start",
            "due_end",
            "recurrence",
            "timeline_status",
            "timeline_problem",
            "outputs",
            "resources",
            "note",
            "unrecovered",
        ]

    def get_parent(self, node) -> str | None:
        return node.parent.code if node.parent_id else None

    def get_lead_agencies(self, node) -> list[str]:
        return [link.organisation.code for link in node.agencies if link.role == "lead"]

    def get_partner_agencies(self, node) -> list[str]:
        return [link.organisation.code for link in node.agencies if link.role == "partner"]
