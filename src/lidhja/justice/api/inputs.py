"""The inputs of the justice steps (justice.domain.inputs) as serializers, with the case
module's renderer (cases.api.inputs.serializer_field). Two differences: vocabularies are named
`Justice…Enum` in the schema, and the offences are article numbers checked by the services
against the table in force (the table changes while the server runs)."""

from functools import cache

from rest_framework import serializers

from lidhja.cases.api.fields import EnumField
from lidhja.cases.api.inputs import serializer_field
from lidhja.cases.domain.inputs import Field, Kind


def field_for(field: Field) -> serializers.Field:
    if field.vocabulary == "Offence":
        built: serializers.Field = serializers.ListField(
            child=serializers.CharField(max_length=16), min_length=1, max_length=50
        )
        built.label, built.help_text = field.label, field.help or None
        return built
    built = serializer_field(field)
    if isinstance(built, EnumField):
        built.schema_name = f"{field.vocabulary}Enum"
    return built


@cache
def serializer_for(name: str, fields: tuple[Field, ...]) -> type[serializers.Serializer]:
    declared = {field.name: field_for(field) for field in fields}
    component = "Justice" + "".join(part.title() for part in name.split("-")) + "Input"
    return type(component, (serializers.Serializer,), {"__module__": __name__, **declared})


__all__ = ["Kind", "serializer_for"]
