"""The inputs of the case steps (cases.domain.inputs) rendered as serializers, for the API and
its schema. The pages render the same declarations as Django forms."""

from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any

from rest_framework import serializers

from lidhja.cases.api.fields import CountryField, EnumField, OptionalEmailField
from lidhja.cases.domain.inputs import DETAILS, IDENTITY, OPENING, Field, Kind
from lidhja.cases.interfaces.forms import MAX_ID, municipal_units
from lidhja.organisations.models import Organisation


def organisation_field(queryset=None, **kwargs: Any) -> serializers.SlugRelatedField:
    """An organisation by its code; classes of actors ("all NGOs") are not organisations one
    can refer to."""
    if queryset is None:
        queryset = Organisation.objects.filter(is_active=True, collective=False)
    return serializers.SlugRelatedField(slug_field="code", queryset=queryset, **kwargs)


class PlanStepInput(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    due_on = serializers.DateField()


class PlanStepsField(serializers.ListField):
    """Dated plan steps, as the services take them: (text, due date)."""

    child = PlanStepInput()

    def to_internal_value(self, data):
        return [(step["text"], step["due_on"]) for step in super().to_internal_value(data)]


def _optional(field: Field, blank: Any) -> dict[str, Any]:
    if field.required:
        return {}
    return {"required": False, "default": blank}


def _text(field: Field) -> dict[str, Any]:
    kwargs = _optional(field, "")
    if not field.required:
        kwargs["allow_blank"] = True
    return {"max_length": field.max_length, **kwargs}


def _flat(choices: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Choices without their groups (the screening indicators are grouped by dimension)."""
    flat: list[tuple[Any, Any]] = []
    for value, label in choices:
        flat.extend(label if isinstance(label, list | tuple) else [(value, label)])
    return flat


def _enum(field: Field, **kwargs: Any) -> EnumField:
    choices = _flat(list(field.choices() if field.choices else ()))
    return EnumField(choices, name=field.vocabulary, **kwargs)


def _choice(field: Field) -> EnumField:
    if field.default is not None:
        return _enum(field, required=False, default=field.default)
    if field.required:
        return _enum(field)
    return _enum(field, required=False, default="", allow_blank=True)


SERIALIZER_FIELDS: dict[Kind, Callable[[Field], serializers.Field]] = {
    Kind.TEXT: lambda f: serializers.CharField(**_text(f)),
    Kind.LONG_TEXT: lambda f: serializers.CharField(**_text(f)),
    Kind.EMAIL: lambda f: (
        serializers.EmailField(max_length=f.max_length) if f.required else OptionalEmailField()
    ),
    Kind.DATE: lambda f: serializers.DateField(**_optional(f, None), allow_null=not f.required),
    Kind.BOOL: lambda f: serializers.BooleanField(required=False, default=False),
    Kind.CHOICE: _choice,
    Kind.CHOICES: lambda f: serializers.ListField(child=_enum(f), required=False, default=list),
    Kind.ROW: lambda f: serializers.IntegerField(
        min_value=1, max_value=MAX_ID, **_optional(f, None), allow_null=not f.required
    ),
    Kind.VERSION: lambda f: serializers.IntegerField(min_value=1, max_value=MAX_ID),
    Kind.ORGANISATION: lambda f: organisation_field(**_optional(f, None), allow_null=True),
    Kind.PROVIDER: lambda f: organisation_field(**_optional(f, None), allow_null=True),
    Kind.CONFIRM: lambda f: serializers.BooleanField(help_text=f.help or None),
    Kind.MUNICIPAL_UNIT: lambda f: organisation_field(
        municipal_units(), **_optional(f, None), allow_null=not f.required
    ),
    Kind.COUNTRY: lambda f: CountryField(required=False, allow_blank=True, default=""),
    Kind.COUNTRIES: lambda f: serializers.ListField(
        child=CountryField(), required=False, default=list
    ),
    Kind.MONEY: lambda f: serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(0),
        required=False,
        allow_null=True,
        default=None,
    ),
    Kind.COUNT: lambda f: serializers.IntegerField(
        min_value=0, max_value=MAX_ID, **_optional(f, None), allow_null=not f.required
    ),
    Kind.FILE: lambda f: serializers.FileField(),
    Kind.PLAN_STEPS: lambda f: PlanStepsField(required=False, default=list, max_length=200),
}


def serializer_field(field: Field) -> serializers.Field:
    built = SERIALIZER_FIELDS[field.kind](field)
    built.label = field.label
    built.help_text = field.label if field.kind is Kind.VERSION else field.help or None
    return built


@cache
def serializer_for(name: str, fields: tuple[Field, ...]) -> type[serializers.Serializer]:
    """The serializer of a step's input, named for the schema (`CaseReferralInput`)."""
    declared = {field.name: serializer_field(field) for field in fields}
    component = "Case" + "".join(part.title() for part in name.split("-")) + "Input"
    return type(component, (serializers.Serializer,), {"__module__": __name__, **declared})


def _open_case() -> type[serializers.Serializer]:
    declared = {field.name: serializer_field(field) for field in (*DETAILS, *OPENING)}
    declared["identity"] = serializer_for("open-identity", IDENTITY)()
    return type("CaseOpenInput", (serializers.Serializer,), {"__module__": __name__, **declared})


CaseOpenInput = _open_case()
