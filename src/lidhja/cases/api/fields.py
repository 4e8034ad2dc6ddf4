"""Fields of the case API: country codes, and choice fields that the OpenAPI schema names after
their vocabulary (`CaseServiceKindEnum`), so that one vocabulary has one name however many
fields use it, and names never collide with other apps' `kind` or `status`."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lidhja.cases.domain.countries import is_country
from lidhja.cases.models import EventKind
from lidhja.cases.models import choices as vocabularies
from lidhja.organisations.models import Qark


class CountryField(serializers.CharField):
    """An ISO 3166-1 alpha-2 country code."""

    default_error_messages = {"country": _("Give a two-letter ISO country code.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 2)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data).upper()
        if value and not is_country(value):
            self.fail("country")
        return value


@extend_schema_field(
    {"anyOf": [{"type": "string", "format": "email"}, {"type": "string", "maxLength": 0}]}
)
class OptionalEmailField(serializers.EmailField):
    """An e-mail address, or empty. In the schema anyOf, not the oneOf drf-spectacular writes:
    a validator that does not check `format` finds "" matches both branches, and would refuse
    it."""

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_blank=True, default="", **kwargs)


def _schema_name(name: str) -> str:
    return f"{name if name.startswith('Case') else 'Case' + name}Enum"


def _vocabularies() -> list[type[models.TextChoices]]:
    found = [
        value
        for value in vars(vocabularies).values()
        if isinstance(value, type)
        and issubclass(value, models.TextChoices)
        and value is not models.TextChoices
    ]
    return [EventKind, Qark, *found]


# Values -> vocabulary name, to name the choice fields a model serializer builds.
VOCABULARIES = {tuple(vocabulary.values): vocabulary.__name__ for vocabulary in _vocabularies()}


class EnumField(serializers.ChoiceField):
    """A choice field from a vocabulary (a TextChoices class, or choices and a name)."""

    def __init__(self, choices, *, name: str = "", **kwargs):
        if isinstance(choices, type) and issubclass(choices, models.Choices):
            name = name or choices.__name__
            choices = choices.choices
        values = tuple(value for value, _label in choices)
        self.schema_name = _schema_name(name or VOCABULARIES[values])
        super().__init__(choices, **kwargs)


class EnumModelSerializer(serializers.ModelSerializer):
    """A model serializer whose choice fields are EnumFields."""

    serializer_choice_field = EnumField


class OutputSerializer(EnumModelSerializer):
    """A model serializer for responses only: every field is read-only."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


class EnumFieldSchema(OpenApiSerializerFieldExtension):
    target_class = EnumField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        component = ResolvedComponent(
            name=field.schema_name,
            type=ResolvedComponent.SCHEMA,
            object=field.schema_name,
            schema={"type": "string", "enum": [str(value) for value in field.choices]},
        )
        auto_schema.registry.register_on_missing(component)
        if field.allow_blank:
            # anyOf, not oneOf: a validator then never has to prove that exactly one branch
            # matches (the vocabulary never holds "", but a tool cannot count on it).
            return {"anyOf": [component.ref, {"type": "string", "enum": [""]}]}
        return component.ref
