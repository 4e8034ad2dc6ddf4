from rest_framework import serializers

from lidhja.organisations.domain import services
from lidhja.organisations.models import Kind, Level, Membership, Organisation, Qark, ServiceKind


class OrganisationSerializer(serializers.ModelSerializer):
    """An organisation as the registry holds it: the same fields as a row of the export."""

    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    member_of = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    merged_into = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "code",
            "abbreviation",
            "name",
            "name_sq",
            "kind",
            "level",
            "qark",
            "collective",
            "membership",
            "membership_kind",
            "services",
            "parent",
            "member_of",
            "is_active",
            "merged_into",
            "version",
        ]


def _codes():
    return Organisation.objects.filter(is_active=True)


class OrganisationInput(serializers.Serializer):
    """Adding (code required) or changing an organisation (give `version`)."""

    code = serializers.CharField(max_length=32, required=False)
    name = serializers.CharField(max_length=255, required=False)
    name_sq = serializers.CharField(max_length=255, required=False, allow_blank=True)
    abbreviation = serializers.CharField(max_length=32, required=False, allow_blank=True)
    kind = serializers.ChoiceField(Kind.choices, required=False)
    level = serializers.ChoiceField(Level.choices, required=False)
    qark = serializers.ChoiceField(Qark.choices, required=False, allow_blank=True)
    collective = serializers.BooleanField(required=False)
    membership = serializers.ChoiceField(Membership.choices, required=False, allow_blank=True)
    membership_kind = serializers.ChoiceField(Kind.choices, required=False, allow_blank=True)
    services = serializers.ListField(
        child=serializers.ChoiceField(ServiceKind.choices), required=False, max_length=20
    )
    parent = serializers.SlugRelatedField(
        slug_field="code", queryset=_codes(), required=False, allow_null=True
    )
    member_of = serializers.SlugRelatedField(
        slug_field="code", queryset=_codes(), many=True, required=False
    )
    version = serializers.IntegerField(required=False)

    def values(self) -> dict:
        return {k: v for k, v in self.validated_data.items() if k in services.FIELDS}


class VersionInput(serializers.Serializer):
    version = serializers.IntegerField()


class MergeInput(VersionInput):
    into = serializers.SlugRelatedField(slug_field="code", queryset=_codes())
