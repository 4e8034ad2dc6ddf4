"""Serializers of the case API: the list filter, opening a case, and what each access level
may read. Output fields are plain strings (codes), never decrypted text, except `person`,
which the view fills from `identity.reveal` alone."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lidhja.cases.api.fields import (
    CountryField,
    EnumField,
    EnumModelSerializer,
    OptionalEmailField,
    OutputSerializer,
)
from lidhja.cases.domain.identity import FIELDS
from lidhja.cases.domain.services import CASE_FIELDS
from lidhja.cases.interfaces.forms import municipal_units
from lidhja.cases.models import (
    CarePlan,
    Case,
    CaseEvent,
    Escalation,
    FollowUpVisit,
    JusticeRecord,
    PlanStep,
    Referral,
    ServiceRecord,
    StayPermit,
)
from lidhja.cases.models.choices import (
    CaseKind,
    CaseStatus,
    ExploitationForm,
    IdentificationSource,
    PlanKind,
    Sex,
    Shared,
    Stage,
)
from lidhja.organisations.models import Organisation, Qark


def organisation_field(queryset=None, **kwargs) -> serializers.SlugRelatedField:
    """An organisation by its code; classes of actors ("all NGOs") are not organisations one
    can refer to."""
    if queryset is None:
        queryset = Organisation.objects.filter(is_active=True, collective=False)
    return serializers.SlugRelatedField(slug_field="code", queryset=queryset, **kwargs)


def optional_text(max_length: int | None = None) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default=""
    )


def _countries() -> serializers.ListField:
    return serializers.ListField(child=CountryField(), required=False, default=list)


# --- input -------------------------------------------------------------------------------


class CaseFilterSerializer(serializers.Serializer):
    status = EnumField(CaseStatus, required=False)
    kind = EnumField(CaseKind, required=False)
    stage = EnumField(Stage, required=False)
    qark = EnumField(Qark, required=False)
    exploitation = EnumField(ExploitationForm, required=False)
    open_referral = serializers.BooleanField(required=False, default=False)
    overdue = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=100,
        help_text=_("A case code, or a name (the search is audited, the name is not)."),
    )


class CaseIdentitySerializer(serializers.Serializer):
    """The same rules as the case pages' identity form (cases.interfaces.forms)."""

    given_name = serializers.CharField(max_length=100)
    family_name = optional_text(100)
    other_names = optional_text(200)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    sex = EnumField(Sex, required=False, allow_blank=True, default="")
    citizenship = CountryField(required=False, allow_blank=True, default="")
    document_type = optional_text(60)
    document_number = optional_text(60)
    phone = optional_text(40)
    email = OptionalEmailField()
    address = optional_text(500)

    def validate_date_of_birth(self, value):
        if value and value > timezone.localdate():
            raise serializers.ValidationError(_("A date of birth cannot be in the future."))
        return value


class CaseOpenSerializer(EnumModelSerializer):
    """The same rules as the case pages' form for opening a case."""

    identity = CaseIdentitySerializer()
    status = EnumField(
        CaseStatus, required=False, help_text=_("A victim status; not for a person at risk.")
    )
    criteria = serializers.CharField(
        help_text=_("The grounds for opening the case (stored encrypted).")
    )
    exploitation = serializers.ListField(
        child=EnumField(ExploitationForm), required=False, default=list
    )
    managing_organisation = organisation_field(
        queryset=municipal_units(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The municipal unit that will manage the case (social workers: their own)."),
    )
    minor_at_exploitation = serializers.BooleanField(required=False, default=False)
    recruitment_countries = _countries()
    transit_countries = _countries()
    exploitation_countries = _countries()

    class Meta:
        model = Case
        fields = [
            "identity",
            *CASE_FIELDS,
            "exploitation",
            "status",
            "criteria",
            "managing_organisation",
        ]

    def validate(self, attrs):
        errors = {}
        trafficking = attrs["kind"] == CaseKind.TRAFFICKING
        if trafficking and attrs.get("status") in (None, CaseStatus.AT_RISK):
            errors["status"] = _("Choose a victim status.")
        if trafficking and not attrs["exploitation"]:
            errors["exploitation"] = _("Choose at least one form of exploitation.")
        border = attrs["identification_source"] == IdentificationSource.BORDER
        if border and not attrs.get("border_point"):
            errors["border_point"] = _("Name the border crossing point.")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


# --- output ------------------------------------------------------------------------------


def org_code(**kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="code", read_only=True, **kwargs)


class CaseListSerializer(serializers.Serializer):
    """A list row. Fields beyond the summary are null unless the user sees the full case."""

    code = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    stage = serializers.CharField()
    identified_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    access = serializers.CharField(help_text=_("full, shared or summary"))
    qark = serializers.CharField(allow_null=True)
    managing_organisation = serializers.CharField(allow_null=True)
    transnational = serializers.BooleanField(allow_null=True)
    is_child = serializers.BooleanField(allow_null=True)


class CaseOwnReferralSerializer(OutputSerializer):
    class Meta:
        model = Referral
        fields = ["id", "service", "status"]


class CaseReferralSerializer(OutputSerializer):
    from_organisation = org_code()
    to_organisation = org_code(allow_null=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "service",
            "status",
            "from_organisation",
            "to_organisation",
            "direction",
            "partner_country",
            "shared",
            "sent_at",
            "responded_at",
            "started_at",
            "completed_at",
            "return_on",
            "version",
        ]


class CaseStepSerializer(OutputSerializer):
    class Meta:
        model = PlanStep
        fields = ["id", "due_on", "done_on"]


class CasePlanSerializer(OutputSerializer):
    organisation = org_code()
    steps = CaseStepSerializer(many=True, read_only=True)

    class Meta:
        model = CarePlan
        fields = ["id", "kind", "made_on", "risk_level", "reintegrated_on", "organisation", "steps"]


# The identifying fields the reader may see; present only with `?person=1`.
CasePersonSerializer = type(
    "CasePersonSerializer",
    (serializers.Serializer,),
    {"__module__": __name__, **{name: serializers.CharField(required=False) for name in FIELDS}},
)


class CaseServiceSerializer(OutputSerializer):
    provider = org_code()

    class Meta:
        model = ServiceRecord
        fields = ["id", "kind", "provider", "started_on", "ended_on", "refused"]


class CaseFollowUpSerializer(OutputSerializer):
    class Meta:
        model = FollowUpVisit
        fields = ["id", "visited_on", "employed", "re_trafficked"]


class CasePermitSerializer(OutputSerializer):
    class Meta:
        model = StayPermit
        fields = ["id", "kind", "starts_on", "ends_on", "reference"]


class CaseJusticeSerializer(OutputSerializer):
    class Meta:
        model = JusticeRecord
        fields = [
            "witness_participation",
            "protection_programme",
            "compensation_claimed",
            "compensation_awarded",
        ]


class CaseEscalationSerializer(OutputSerializer):
    class Meta:
        model = Escalation
        fields = ["id", "level", "reason", "raised_at", "resolved_at"]


class CaseEventSerializer(OutputSerializer):
    organisation = org_code(allow_null=True)

    class Meta:
        model = CaseEvent
        fields = ["kind", "at", "organisation", "details"]


class LevelSerializer(OutputSerializer):
    # A case as one access level shows it. `context` holds `access` (a CaseAccess), `user`
    # and, when asked for and revealed, `person`; keys in `optional` are left out when None.

    access = serializers.SerializerMethodField(help_text=_("full, shared or summary"))
    optional: tuple[str, ...] = ()

    def get_access(self, case) -> str:
        return self.context["access"].level.name.lower()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for key in self.optional:
            if data.get(key) is None:
                del data[key]
        return data


class CaseSummarySerializer(LevelSerializer):
    """What a summary shows: no personal data, nothing but codes, states and dates."""

    referrals = serializers.SerializerMethodField(help_text=_("Referrals to your organisation."))

    class Meta:
        model = Case
        fields = [
            "code",
            "access",
            "kind",
            "status",
            "stage",
            "identified_on",
            "closed_on",
            "referrals",
        ]

    @extend_schema_field(CaseOwnReferralSerializer(many=True))
    def get_referrals(self, case):
        own = case.referrals.filter(to_organisation_id=self.context["user"].organisation_id)
        return CaseOwnReferralSerializer(own, many=True).data


class WithPerson(LevelSerializer):
    # Levels that may show identifying data and allow changes.
    can_edit = serializers.SerializerMethodField()
    person = serializers.SerializerMethodField(
        help_text=_("Only with ?person=1, and only the fields you may see.")
    )

    def get_can_edit(self, case) -> bool:
        return self.context["access"].can_edit

    @extend_schema_field(CasePersonSerializer)
    def get_person(self, case):
        return self.context.get("person")


# Plans a referral shares with its item.
SHARED_PLANS = {
    Shared.NEEDS: (PlanKind.NEEDS,),
    Shared.RISK: (PlanKind.RISK, PlanKind.RISK_MANAGEMENT),
}


class CaseSharedSerializer(WithPerson):
    """What the open referrals to your organisation share."""

    shared = serializers.SerializerMethodField()
    referrals = serializers.SerializerMethodField(
        help_text=_("Open referrals to your organisation.")
    )
    exploitation = serializers.SerializerMethodField(help_text=_("When the referral shares it."))
    plans = serializers.SerializerMethodField(help_text=_("When the referral shares them."))
    optional = ("exploitation", "plans", "person")

    class Meta:
        model = Case
        fields = [
            "code",
            "access",
            "can_edit",
            "version",
            "kind",
            "status",
            "stage",
            "shared",
            "referrals",
            "exploitation",
            "plans",
            "person",
        ]

    def get_shared(self, case) -> list[str]:
        return sorted(self.context["access"].shared)

    @extend_schema_field(CaseReferralSerializer(many=True))
    def get_referrals(self, case):
        rows = case.referrals.filter(pk__in=self.context["access"].referral_ids)
        return CaseReferralSerializer(
            rows.select_related("from_organisation", "to_organisation"), many=True
        ).data

    def get_exploitation(self, case) -> list[str] | None:
        if not self.context["access"].sees(Shared.EXPLOITATION):
            return None
        return sorted(row.form for row in case.exploitation_rows.all())

    @extend_schema_field(CasePlanSerializer(many=True))
    def get_plans(self, case):
        shared = self.context["access"].shared
        kinds = [
            k for item, plan_kinds in SHARED_PLANS.items() if item in shared for k in plan_kinds
        ]
        if not kinds:
            return None
        plans = case.plans.filter(kind__in=kinds).select_related("organisation")
        return CasePlanSerializer(plans.prefetch_related("steps"), many=True).data


class CaseFullSerializer(WithPerson):
    """The whole case, except free text (notes and criteria), which the API never shows."""

    managing_organisation = org_code()
    opened_by_organisation = org_code()
    recruitment_countries = serializers.ListField(child=serializers.CharField())
    transit_countries = serializers.ListField(child=serializers.CharField())
    exploitation_countries = serializers.ListField(child=serializers.CharField())
    exploitation = serializers.SerializerMethodField()
    guardian_appointed_on = serializers.DateField(source="guardian.appointed_on", allow_null=True)
    referrals = CaseReferralSerializer(many=True)
    plans = CasePlanSerializer(many=True)
    services = CaseServiceSerializer(many=True)
    follow_ups = CaseFollowUpSerializer(many=True)
    permits = CasePermitSerializer(many=True)
    justice = CaseJusticeSerializer(allow_null=True)
    escalations = CaseEscalationSerializer(many=True)
    events = CaseEventSerializer(many=True, help_text=_("The timeline, newest first."))
    optional = ("person",)

    class Meta:
        model = Case
        fields = [
            "code",
            "access",
            "can_edit",
            "version",
            "status",
            "stage",
            "qark",
            "managing_organisation",
            "opened_by_organisation",
            *CASE_FIELDS,
            "closed_on",
            "closure_reason",
            "exploitation",
            "guardian_appointed_on",
            "referrals",
            "plans",
            "services",
            "follow_ups",
            "permits",
            "justice",
            "escalations",
            "events",
            "person",
        ]

    def get_exploitation(self, case) -> list[str]:
        return sorted(row.form for row in case.exploitation_rows.all())


class CaseOpenedSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()


class CaseActionResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField(help_text=_("The case version after the change."))
    id = serializers.IntegerField(
        allow_null=True, help_text=_("The row the action created or changed, if any.")
    )


class CaseChangeSerializer(serializers.Serializer):
    kind = serializers.CharField()
    at = serializers.DateTimeField()
    organisation = serializers.CharField(allow_null=True)


class CaseConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    changes = CaseChangeSerializer(many=True, required=False)


class CaseErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
