from typing import Any

from django import forms
from rest_framework import serializers

from lidhja.trainings.interfaces.attendance import MAX_COUNT
from lidhja.trainings.interfaces.forms import EventForm, MemberForm
from lidhja.trainings.models import Sex, TargetGroup


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    provider = serializers.CharField()
    module = serializers.CharField()
    target_group = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    qark = serializers.CharField()
    place = serializers.CharField()
    activity = serializers.CharField()
    version = serializers.IntegerField()


class ParticipantSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    function = serializers.CharField()
    female = serializers.IntegerField()
    male = serializers.IntegerField()
    total = serializers.IntegerField()


class EventDetailSerializer(EventSerializer):
    participants = ParticipantSerializer(many=True)


class MemberSerializer(serializers.Serializer):
    reference = serializers.CharField()
    organisation = serializers.CharField()
    function = serializers.CharField()
    court = serializers.CharField()
    border_point = serializers.CharField()
    sex = serializers.CharField()
    active_from = serializers.DateField()
    active_until = serializers.DateField(allow_null=True)
    name = serializers.CharField(required=False, help_text="Only with ?names=1, where allowed.")


class ShareSerializer(serializers.Serializer):
    active = serializers.IntegerField()
    trained = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class BorderPointSerializer(serializers.Serializer):
    point = serializers.CharField()
    female_officers = serializers.IntegerField()
    trained_female = serializers.IntegerField()
    covered = serializers.BooleanField()


class CoverageSerializer(serializers.Serializer):
    on = serializers.DateField()
    police = ShareSerializer()
    serious_crimes_judges = ShareSerializer()
    border_points = BorderPointSerializer(many=True)
    border_points_covered = serializers.IntegerField()


# --- input: described from the page forms, which the API validates with ----------------------


def _describe(field: forms.Field) -> serializers.Field:
    """The schema of one form field (a form, not this serializer, validates the input)."""
    common: dict[str, Any] = {"required": field.required, "help_text": field.label}
    if isinstance(field, forms.ModelChoiceField):
        if field.to_field_name:  # organisations and modules by code
            return serializers.CharField(allow_blank=not field.required, **common)
        return serializers.IntegerField(allow_null=not field.required, **common)
    if isinstance(field, forms.ChoiceField):
        given: Any = field.choices
        choices = [(value, label) for value, label in given if value != ""]
        return serializers.ChoiceField(choices=choices, allow_blank=not field.required, **common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(allow_null=not field.required, **common)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(**common)
    max_length = getattr(field, "max_length", None)
    return serializers.CharField(allow_blank=not field.required, max_length=max_length, **common)


def from_form(form: type[forms.Form], name: str, *, version: bool) -> type[serializers.Serializer]:
    """A serializer that documents a page form's fields for the schema, so that the API's
    documented input is the form's, field for field; with `version` required for a change."""
    attrs: dict[str, Any] = {
        field_name: _describe(field)
        for field_name, field in form.base_fields.items()
        if field_name != "version"
    }
    if version:
        attrs["version"] = serializers.IntegerField(help_text="The version last read.")
    return type(name, (serializers.Serializer,), attrs)


EventInputSerializer = from_form(EventForm, "TrainingEventInput", version=False)
EventChangeSerializer = from_form(EventForm, "TrainingEventChange", version=True)
MemberInputSerializer = from_form(MemberForm, "RosterMemberInput", version=False)
MemberChangeSerializer = from_form(MemberForm, "RosterMemberChange", version=True)


class CountRowSerializer(serializers.Serializer):
    """One counted row, as in the attendance sheet (codes, or labels in English or Albanian)."""

    organisation = serializers.CharField(help_text="Organisation code.")
    function = serializers.ChoiceField(choices=TargetGroup.choices)
    sex = serializers.ChoiceField(choices=Sex.choices)
    count = serializers.IntegerField(min_value=1, max_value=MAX_COUNT)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The event's version last read.")


class AttendanceInputSerializer(VersionSerializer):
    counts = CountRowSerializer(many=True)
