from rest_framework import serializers


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
