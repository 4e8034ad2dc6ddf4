"""Campaigns in the API, from the same field lists as the pages (campaigns.domain.fields)."""

from typing import Any

from rest_framework import serializers

from lidhja.campaigns.domain import fields
from lidhja.campaigns.domain.fields import REACH_FIGURES
from lidhja.campaigns.models import (
    Campaign,
    CampaignEvent,
    Channel,
    Material,
    ReachReport,
    TargetGroup,
)
from lidhja.organisations.models import Organisation, Qark
from lidhja.plans.models import Level, PlanNode


def _codes(choices, **kwargs) -> serializers.ListField:
    return serializers.ListField(child=serializers.ChoiceField(choices=choices.choices), **kwargs)


class CampaignSerializer(serializers.ModelSerializer):
    """A campaign; on input the code is taken at creation only, and a change names the
    `version` last read (a stale one answers 409)."""

    lead = serializers.SlugRelatedField(
        slug_field="code", queryset=Organisation.objects.filter(is_active=True, collective=False)
    )
    partners = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Organisation.objects.all()
    )
    activities = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=PlanNode.objects.filter(level=Level.ACTIVITY)
    )
    target_groups = _codes(TargetGroup)
    qarks = _codes(Qark, required=False, default=list)  # none: nationwide
    channels = _codes(Channel)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Campaign
        fields = [*fields.CAMPAIGN, "version"]
        extra_kwargs: dict[str, dict[str, Any]] = {
            "code": {"validators": []}
        }  # the service says when a code is taken


# A material or an event withdrawn is listed for the record, flagged, and counted nowhere.
WITHDRAWAL = ["version", "withdrawn", "withdrawn_at", "withdrawal_reason"]


class MaterialSerializer(serializers.ModelSerializer):
    has_file = serializers.SerializerMethodField()
    withdrawn = serializers.BooleanField(read_only=True)

    class Meta:
        model = Material
        fields = ["id", *fields.MATERIAL, "file_name", "has_file", *WITHDRAWAL]

    def get_has_file(self, material: Material) -> bool:
        return bool(material.file)


class CampaignEventSerializer(serializers.ModelSerializer):
    withdrawn = serializers.BooleanField(read_only=True)

    class Meta:
        model = CampaignEvent
        fields = ["id", *fields.EVENT, *WITHDRAWAL]


class ReachSerializer(serializers.ModelSerializer):
    """A quarter's reach; on input the figures and comment, with the `version` last read (none
    for the quarter's first draft)."""

    period = serializers.CharField(source="period.code", read_only=True)
    version = serializers.IntegerField(required=False, allow_null=True)

    class Meta:
        model = ReachReport
        fields = ["period", *fields.REACH, "status", "return_comment", "version"]
        read_only_fields = ["status", "return_comment"]
        extra_kwargs: dict[str, dict[str, Any]] = {n: {"required": True} for n in REACH_FIGURES}


class CampaignDetailSerializer(CampaignSerializer):
    materials = MaterialSerializer(many=True, read_only=True)
    events = CampaignEventSerializer(many=True, read_only=True)
    reach = ReachSerializer(many=True, read_only=True)

    class Meta(CampaignSerializer.Meta):
        fields = [*CampaignSerializer.Meta.fields, "materials", "events", "reach"]


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()


class ReturnSerializer(VersionSerializer):
    comment = serializers.CharField(max_length=2000)
