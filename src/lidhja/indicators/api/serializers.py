from rest_framework import serializers

from lidhja.indicators.domain.services import DEFINITION_FIELDS
from lidhja.indicators.models import Indicator, IndicatorValue


class ValueSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period.code")

    class Meta:
        model = IndicatorValue
        fields = ["period", "cell", "value", "source", "note", "computed"]


class IndicatorSerializer(serializers.ModelSerializer):
    plan = serializers.CharField(source="node.plan.code")
    chapter = serializers.CharField(source="node.chapter")
    item = serializers.CharField(source="node.code")
    values = ValueSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "plan", "chapter", "item", "position", *DEFINITION_FIELDS, "values"]
