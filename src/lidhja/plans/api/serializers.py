from rest_framework import serializers

from lidhja.plans.domain.queries import leads, partners
from lidhja.plans.interfaces.exporters import COLUMNS
from lidhja.plans.models import Plan, PlanNode


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["code", "title", "title_sq", "start_year", "end_year", "source"]


class PlanNodeSerializer(serializers.ModelSerializer):
    """A plan item, with the same fields as a row of the plan export."""

    id = serializers.CharField(source="code")
    parent = serializers.SerializerMethodField()
    sub_activity = serializers.BooleanField(source="is_sub_activity")
    lead_agency = serializers.SerializerMethodField()
    lead_agencies = serializers.SerializerMethodField()
    partner_agencies = serializers.SerializerMethodField()
    printed_id = serializers.CharField(source="printed_code")
    recurrence = serializers.SerializerMethodField()

    class Meta:
        model = PlanNode
        fields = COLUMNS

    def get_parent(self, node) -> str | None:
        return node.parent.code if node.parent_id else None

    def get_recurrence(self, node) -> str | None:
        return node.recurrence or None

    def get_lead_agency(self, node) -> str | None:
        codes = self.get_lead_agencies(node)
        return codes[0] if codes else None

    def get_lead_agencies(self, node) -> list[str]:
        return [org.code for org in leads(node)]

    def get_partner_agencies(self, node) -> list[str]:
        return [org.code for org in partners(node)]
