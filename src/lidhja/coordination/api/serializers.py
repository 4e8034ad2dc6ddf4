"""API renderings of the domain's field lists (coordination.domain.fields): the same fields,
in the same order, as the pages' tables."""

from collections.abc import Sequence
from typing import Any

from rest_framework import serializers

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


BodySerializer = serializer_for("CoordinationBodySerializer", BODY_FIELDS)
MeetingSerializer = serializer_for("CoordinationMeetingSerializer", MEETING_FIELDS)
DecisionSerializer = serializer_for("CoordinationDecisionSerializer", DECISION_FIELDS)


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
