"""The helpline's API: inputs rendered from helpline.domain.inputs (the case module's
serializer renderer), outputs of the same documents as the pages."""

from functools import cache

from django.db import models
from rest_framework import serializers

from lidhja.cases.api.fields import EnumField
from lidhja.cases.api.inputs import serializer_field
from lidhja.cases.domain.inputs import Field
from lidhja.helpline.models import CallerType, CallLanguage, CallOutcome, CallTopic, HelplineLine
from lidhja.organisations.models import Qark


def field_for(field: Field) -> serializers.Field:
    built = serializer_field(field)
    if isinstance(built, EnumField) and field.vocabulary.startswith("Helpline"):
        built.schema_name = f"{field.vocabulary}Enum"
    return built


@cache
def serializer_for(name: str, fields: tuple[Field, ...]) -> type[serializers.Serializer]:
    declared = {field.name: field_for(field) for field in fields}
    component = "Helpline" + "".join(part.title() for part in name.split("-")) + "Input"
    return type(component, (serializers.Serializer,), {"__module__": __name__, **declared})


def _enum(choices: type[models.TextChoices], name: str) -> EnumField:
    field = EnumField(choices.choices, name=name, read_only=True)
    field.schema_name = f"{name}Enum"
    return field


class CallSerializer(serializers.Serializer):
    """A call as helpline.domain.queries.document gives it."""

    reference = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    line = _enum(HelplineLine, "HelplineHelplineLine")
    received_at = serializers.DateTimeField(read_only=True)
    duration_minutes = serializers.IntegerField(read_only=True, allow_null=True)
    caller_type = _enum(CallerType, "HelplineCallerType")
    topic = _enum(CallTopic, "HelplineCallTopic")
    qark = serializers.CharField(read_only=True, help_text="Qark code, or empty")
    language = _enum(CallLanguage, "HelplineCallLanguage")
    outcome = _enum(CallOutcome, "HelplineCallOutcomeAll")
    referred_to = serializers.CharField(read_only=True, allow_null=True)
    case = serializers.CharField(read_only=True, allow_null=True)
    case_opened_at = serializers.DateTimeField(read_only=True, allow_null=True)


class CallResultSerializer(serializers.Serializer):
    reference = serializers.CharField()
    version = serializers.IntegerField()
    case = serializers.CharField(allow_null=True)


class StatisticsRowSerializer(serializers.Serializer):
    category = serializers.CharField()
    label = serializers.CharField()
    counts = serializers.ListField(child=serializers.IntegerField(allow_null=True))


class StatisticsTableSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    label = serializers.CharField()
    rows = StatisticsRowSerializer(many=True)


class StatisticsSerializer(serializers.Serializer):
    """Counts of calls; a hidden count is null."""

    year = serializers.IntegerField()
    granularity = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    threshold = serializers.IntegerField()
    tables = StatisticsTableSerializer(many=True)


__all__ = ["Qark"]
