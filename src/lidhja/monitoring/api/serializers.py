from rest_framework import serializers

from lidhja.monitoring.domain.services import REPORT_FIELDS
from lidhja.monitoring.models import Obligation, ProgressReport, ReportingPeriod


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["code", "year", "quarter", "start", "end", "due_date"]


class ReportSerializer(serializers.ModelSerializer):
    donor = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "status",
            *REPORT_FIELDS,
            "submitted_at",
            "last_submitted_at",
            "reviewed_at",
            "review_comment",
            "version",
        ]


class ObligationSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period.code")
    plan = serializers.CharField(source="node.plan.code")
    chapter = serializers.CharField(source="node.chapter")
    activity = serializers.CharField(source="node.code")
    organisation = serializers.CharField(source="organisation.code")
    via = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        help_text="The class of actors the organisation owes this report as a member of.",
    )
    report = ReportSerializer(source="report_or_none", allow_null=True)

    class Meta:
        model = Obligation
        fields = [
            "id",
            "period",
            "plan",
            "chapter",
            "activity",
            "organisation",
            "role",
            "via",
            "report",
        ]
