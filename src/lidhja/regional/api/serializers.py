"""The assessment as the API shows it: the same fields as the page (regional.domain.sections'
ALL_FIELDS) and the same cases table (regional.domain.reading)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lidhja.regional.domain.reading import table_of
from lidhja.regional.domain.sections import ALL_FIELDS
from lidhja.regional.models import Assessment


class AssessmentSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code")
    half_year = serializers.CharField(source="half_code")
    cases = serializers.SerializerMethodField()
    frozen = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "organisation",
            "half_year",
            "year",
            "half",
            "status",
            "version",
            *ALL_FIELDS,
            "cases",
            "frozen",
            "submitted_at",
            "last_submitted_at",
            "reviewed_at",
            "review_comment",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField())
    def get_cases(self, assessment: Assessment) -> dict[str, Any]:
        """Row (managing unit code, or "total") -> column -> count, null where suppressed."""
        table, _frozen = table_of(assessment)
        return table.rows

    def get_frozen(self, assessment: Assessment) -> bool:
        return assessment.computed is not None


class AssessmentListSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code")
    half_year = serializers.CharField(source="half_code")

    class Meta:
        model = Assessment
        fields = ["organisation", "half_year", "year", "half", "status", "version", "updated_at"]
        read_only_fields = fields


class SectionSerializer(serializers.Serializer):
    """A section's fields (see regional.domain.sections), validated by the domain."""

    version = serializers.IntegerField(help_text=_("The version you read."))
    trends_text = serializers.CharField(required=False, allow_blank=True)
    trends = serializers.DictField(child=serializers.CharField(), required=False)
    risks = serializers.ListField(child=serializers.DictField(), required=False)
    resources = serializers.ListField(child=serializers.DictField(), required=False)
    needs = serializers.ListField(child=serializers.DictField(), required=False)
    narrative = serializers.CharField(required=False, allow_blank=True)


class StepSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")
