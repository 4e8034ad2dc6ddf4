from rest_framework import serializers

from lidhja.publication.models import Definition, Release


class ReleaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Release
        fields = ["period", "year", "quarter", "threshold", "published_at", "definitions"]


class DefinitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Definition
        fields = [
            "code",
            "version",
            "title_en",
            "title_sq",
            "unit",
            "reference_date",
            "inclusion_en",
            "inclusion_sq",
            "disaggregations",
            "created_at",
        ]


class RowSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    figures = serializers.ListField(
        child=serializers.IntegerField(allow_null=True),
        help_text="One per column; null: hidden (or the column's period is not published).",
    )
    amounts = serializers.ListField(
        child=serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True),
        help_text=(
            "Amounts in lek, one per column, for a table with amounts (else empty); null: not "
            "shown (an amount is shown only beside its shown count)."
        ),
    )


class TableSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The definition code.")
    version = serializers.IntegerField(help_text="The definition version counted by.")
    title = serializers.CharField()
    unit = serializers.CharField()
    reference_date = serializers.CharField()
    inclusion = serializers.CharField()
    rows = RowSerializer(many=True)
    total = RowSerializer(allow_null=True)
    adds_up = serializers.BooleanField()
    previous_version = serializers.IntegerField(allow_null=True)
    group = serializers.CharField(help_text="victims, protection or justice.")
    has_amounts = serializers.BooleanField()


class DocumentSerializer(serializers.Serializer):
    period = serializers.CharField(source="period.code")
    columns = serializers.ListField(child=serializers.CharField())
    published = serializers.ListField(child=serializers.BooleanField())
    threshold = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    tables = TableSerializer(many=True)
