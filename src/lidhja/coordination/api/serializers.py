"""API renderings of the domain's field lists (coordination.domain.fields): the same fields,
in the same order, as the pages' tables; and of the secretariat's inputs
(coordination.domain.inputs), with the case module's renderer, as the pages' forms."""

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lidhja.cases.api.fields import EnumField, EnumFieldSchema
from lidhja.cases.api.inputs import serializer_field
from lidhja.cases.domain import inputs as case_inputs
from lidhja.cases.domain.inputs import Kind
from lidhja.coordination.domain import inputs
from lidhja.coordination.domain.fields import BODY_FIELDS, DECISION_FIELDS, MEETING_FIELDS, Field

KINDS: dict[str, Any] = {
    "text": serializers.CharField,
    "integer": serializers.IntegerField,
    "date": lambda **kw: serializers.DateField(allow_null=True, **kw),
    "boolean": serializers.BooleanField,
}


def serializer_for(name: str, fields: Sequence[Field]) -> type[serializers.Serializer]:
    """A read-only serializer whose fields are `fields`, each read through its domain value."""
    declared = {f.name: KINDS[f.kind](read_only=True, label=f.label) for f in fields}

    def to_representation(self, instance):
        return {
            f.name: self.fields[f.name].to_representation(value) if value is not None else None
            for f in fields
            for value in [f.value(instance)]
        }

    return type(
        name,
        (serializers.Serializer,),
        {**declared, "to_representation": to_representation, "__module__": __name__},
    )


# Meetings and decisions also give the version a change names (a stale one answers 409).
VERSION = Field("version", _("Version"), "integer", lambda row: row.version)

BodySerializer = serializer_for("CoordinationBodySerializer", BODY_FIELDS)
MeetingSerializer = serializer_for("CoordinationMeetingSerializer", (*MEETING_FIELDS, VERSION))
DecisionSerializer = serializer_for("CoordinationDecisionSerializer", (*DECISION_FIELDS, VERSION))


class CoordinationMemberSerializer(serializers.Serializer):
    organisation = serializers.CharField(read_only=True)
    role = serializers.CharField(read_only=True)
    present = serializers.IntegerField(read_only=True)
    recorded = serializers.IntegerField(read_only=True)


class CoordinationBodyDetailSerializer(BodySerializer):  # type: ignore[misc,valid-type]
    """A body with its current members and their attendance (present of recorded)."""

    members = CoordinationMemberSerializer(many=True, read_only=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["members"] = [
            {
                "organisation": row.membership.organisation.code,
                "role": row.membership.role,
                "present": row.present,
                "recorded": row.recorded,
            }
            for row in self.context["attendance"]
        ]
        return data


BodyDetailSerializer = CoordinationBodyDetailSerializer


# --- Inputs ----------------------------------------------------------------------------------


class CoordinationEnumField(EnumField):
    """A choice of a coordination vocabulary, named `Coordination…Enum` in the schema."""

    def __init__(self, choices, *, name: str = "", **kwargs):
        super().__init__(choices, name=name, **kwargs)
        self.schema_name = f"{name}Enum"


class CoordinationEnumFieldSchema(EnumFieldSchema):
    target_class = CoordinationEnumField


def field_for(field: case_inputs.Field, *, partial: bool = False) -> serializers.Field:
    """The case module's rendering of an input field, made again from its arguments (a
    serializer copies its fields from them): labelled, a required one never null, and in a
    change (`partial`) one that may be left out, keeping its value."""
    built = serializer_field(field)
    kwargs = dict(built._kwargs)
    kwargs["label"] = field.label
    kwargs["help_text"] = field.label if field.kind is Kind.VERSION else field.help or None
    if field.required and "allow_null" in kwargs:
        kwargs["allow_null"] = False
    if partial and field.kind is not Kind.VERSION:
        kwargs.pop("default", None)
        kwargs["required"] = False
    kind = CoordinationEnumField if isinstance(built, EnumField) else type(built)
    return kind(*built._args, **kwargs)


@cache
def input_for(
    name: str, fields: tuple[case_inputs.Field, ...], partial: bool = False
) -> type[serializers.Serializer]:
    declared = {field.name: field_for(field, partial=partial) for field in fields}
    component = "Coordination" + "".join(part.title() for part in name.split("-")) + "Input"
    return type(component, (serializers.Serializer,), {"__module__": __name__, **declared})


RecordMeetingInput = input_for("record-meeting", inputs.RECORD_MEETING)
# A change: a field left out keeps its value (a client need not send back what it did not
# read); the version is always named.
ChangeMeetingInput = input_for("change-meeting", inputs.CHANGE_MEETING, partial=True)
DecisionInput = input_for("decision", inputs.DECISION)
CloseDecisionInput = input_for("close-decision", inputs.CLOSE_DECISION)


class CoordinationPresenceInput(serializers.Serializer):
    organisation = serializers.CharField(
        max_length=32, help_text=_("The code of an organisation that was a member on the day.")
    )
    presence = field_for(inputs.PRESENCE)


class CoordinationAttendanceInput(serializers.Serializer):
    """Attendance of a held meeting: the organisations named get their presence; the others
    keep what they had."""

    version = field_for(inputs.VERSION)
    attendance = CoordinationPresenceInput(many=True, max_length=1000)

    def validate_attendance(self, rows: list[dict[str, str]]) -> dict[str, str]:
        presences = {row["organisation"]: row["presence"] for row in rows}
        if len(presences) != len(rows):
            raise serializers.ValidationError(_("Name each organisation once."))
        return presences


AttendanceInput = CoordinationAttendanceInput
