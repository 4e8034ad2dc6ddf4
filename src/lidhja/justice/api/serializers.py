"""Responses of the justice API: the parts of justice.domain.reading.parts_of, as the page
shows them."""

from rest_framework import serializers

from lidhja.cases.api.fields import EnumField
from lidhja.justice.models.choices import (
    AssetKind,
    DefendantRole,
    LinkStatus,
    StageKind,
    VictimRole,
)


def _enum(choices, name: str, **kwargs) -> EnumField:
    field = EnumField(choices, name=name, **kwargs)
    field.schema_name = f"{name}Enum"
    return field


class SummarySerializer(serializers.Serializer):
    code = serializers.CharField()
    office = serializers.CharField()
    registered_on = serializers.DateField()
    stage = _enum(StageKind, "JusticeStageKind")
    closed_on = serializers.DateField(allow_null=True)


class OffenceSerializer(serializers.Serializer):
    article = serializers.CharField()
    title = serializers.CharField()
    title_sq = serializers.CharField()


class SentenceSerializer(serializers.Serializer):
    prison_months = serializers.IntegerField(allow_null=True)
    fine_lek = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    suspended = serializers.BooleanField()


class DefendantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    role = _enum(DefendantRole, "JusticeDefendantRole")
    # Values of the vocabularies JusticeSexEnum, JusticeAgeBandEnum, JusticeOfficialServiceEnum
    # and JusticeOutcomeEnum, or "" when not recorded.
    sex = serializers.CharField()
    age_band = serializers.CharField()
    citizenship = serializers.CharField()
    official_service = serializers.CharField()
    final_outcome = serializers.CharField()
    sentence = SentenceSerializer(allow_null=True)


class StageSerializer(serializers.Serializer):
    kind = _enum(StageKind, "JusticeStageKind")
    on = serializers.DateField()
    defendant = serializers.CharField(allow_null=True)
    outcome = serializers.CharField()
    prison_months = serializers.IntegerField(allow_null=True)
    fine_lek = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    suspended = serializers.BooleanField()


class AssetSerializer(serializers.Serializer):
    kind = _enum(AssetKind, "JusticeAssetKind")
    amount_lek = serializers.DecimalField(max_digits=16, decimal_places=2)
    on = serializers.DateField()


class VictimSerializer(serializers.Serializer):
    case_code = serializers.CharField()
    role = _enum(VictimRole, "JusticeVictimRole")
    status = _enum(LinkStatus, "JusticeLinkStatus")


class AssetTotalsSerializer(serializers.Serializer):
    seized = serializers.DecimalField(max_digits=18, decimal_places=2)
    frozen = serializers.DecimalField(max_digits=18, decimal_places=2)
    confiscated = serializers.DecimalField(max_digits=18, decimal_places=2)
    special_fund = serializers.DecimalField(max_digits=18, decimal_places=2)
    compensation_ordered = serializers.DecimalField(max_digits=18, decimal_places=2)
    compensation_paid = serializers.DecimalField(max_digits=18, decimal_places=2)


class PartsSerializer(serializers.Serializer):
    summary = SummarySerializer()
    offences = OffenceSerializer(many=True)
    defendants = DefendantSerializer(many=True)
    stages = StageSerializer(many=True)
    assets = AssetSerializer(many=True)
    asset_totals = AssetTotalsSerializer()
    victims = VictimSerializer(many=True)


class ProceedingDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    can_edit = serializers.BooleanField()
    version = serializers.IntegerField()
    steps = serializers.ListField(child=serializers.CharField())
    parts = PartsSerializer()


class ProceedingListSerializer(serializers.Serializer):
    code = serializers.CharField()
    office = serializers.CharField(source="office.code")
    registered_on = serializers.DateField()
    stage = _enum(StageKind, "JusticeStageKind")
    closed_on = serializers.DateField(allow_null=True)


class ProceedingResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()
    id = serializers.IntegerField(allow_null=True)
