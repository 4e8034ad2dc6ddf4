"""Serializers of the case API: the list filter, opening a case, and what each access level
may read. Output fields are plain strings (codes), never decrypted text, except `person`,
which the view fills from `identity.reveal` alone."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from lidhja.cases.api.fields import EnumField, EnumModelSerializer, OutputSerializer
from lidhja.cases.domain.identity import FIELDS
from lidhja.cases.domain.services import CASE_FIELDS
from lidhja.cases.models import (
    Attachment,
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
    Phase,
    Stage,
)
from lidhja.justice.models.choices import LinkStatus, VictimRole
from lidhja.organisations.models import Qark

# --- input -------------------------------------------------------------------------------


class CaseFilterSerializer(serializers.Serializer):
    status = EnumField(CaseStatus, required=False)
    kind = EnumField(CaseKind, required=False)
    stage = EnumField(Stage, required=False)
    qark = EnumField(Qark, required=False)
    exploitation = EnumField(ExploitationForm, required=False)
    open_referral = serializers.BooleanField(required=False, default=False)
    overdue = serializers.BooleanField(required=False, default=False)
    awaiting_answer = serializers.BooleanField(required=False, default=False)
    escalated = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=100,
        help_text=_("A case code, or a name (the search is audited, the name is not)."),
    )


# --- output ------------------------------------------------------------------------------


def org_code(**kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="code", read_only=True, **kwargs)


class CaseSummaryDetailsSerializer(serializers.Serializer):
    """What a summary shows of a case: code, kind, status, stage and dates."""

    code = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    stage = serializers.CharField()
    identified_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)


class CaseListSerializer(CaseSummaryDetailsSerializer):
    """A list row. Fields beyond the summary are null unless the user sees the full case."""

    access = serializers.CharField(help_text=_("full, shared or summary"))
    qark = serializers.CharField(allow_null=True)
    managing_organisation = serializers.CharField(allow_null=True)
    transnational = serializers.BooleanField(allow_null=True)
    is_child = serializers.BooleanField(allow_null=True)


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
            "return_notice_on",
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
        fields = ["id", "kind", "starts_on", "ends_on"]


def _justice_enum(choices, name: str) -> EnumField:
    field = EnumField(choices, name=name)
    field.schema_name = f"{name}Enum"
    return field


class CaseProceedingLinkSerializer(serializers.Serializer):
    """A criminal-justice office's request to link the case to a proceeding
    (justice.domain.victims.case_rows): the proceeding's code, the registering office, the role
    asked and the decision; `id` and `version` are what the `proceeding-link` step takes."""

    id = serializers.IntegerField()
    version = serializers.IntegerField()
    proceeding = serializers.CharField()
    office = serializers.CharField()
    role = _justice_enum(VictimRole, "JusticeVictimRole")
    status = _justice_enum(LinkStatus, "JusticeLinkStatus")
    recorded_on = serializers.DateField()
    decided_on = serializers.DateField(allow_null=True)


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


def _noted(row: type[serializers.Serializer], *notes: str) -> type[serializers.Serializer]:
    """A row of the case view ({"<row>": model, "note": text, ...}) as the API shows it: the
    model's fields, and the sealed texts the view opened for the reader."""
    declared = {name: serializers.CharField(read_only=True) for name in notes}
    return type(
        f"{row.__name__}Item", (serializers.Serializer,), {"__module__": __name__, **declared}
    )


def _item(key: str, row: type[serializers.Serializer], *notes: str) -> serializers.Serializer:
    item = _noted(row, *notes)

    class Item(serializers.Serializer):
        def to_representation(self, instance):
            data = dict(row(instance[key]).data)
            data.update(item(instance).data)
            return data

    Item.__name__ = f"{row.__name__}Noted"
    return extend_schema_serializer(component_name=Item.__name__)(Item)(many=True, read_only=True)


class CaseScreeningDimensionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("The dimension of the operational indicators."))
    label = serializers.CharField()
    met = serializers.BooleanField()


class CaseScreeningSerializer(serializers.Serializer):
    """A screening and its result (cases.domain.screening.result): each dimension met or not,
    and the conditions of the rule that fell short (empty when presumed status is suggested)."""

    screened_on = serializers.DateField(source="screening.screened_on")
    suggests_presumed = serializers.BooleanField(source="screening.suggests_presumed")
    observed = serializers.ListField(child=serializers.CharField(), source="screening.observed")
    dimensions = CaseScreeningDimensionSerializer(many=True)
    short = serializers.ListField(
        child=serializers.ChoiceField(choices=["recruitment", "exploitation", "destination"]),
        help_text=_("The conditions of the rule for presumed status that are not met."),
    )
    short_labels = serializers.ListField(child=serializers.CharField())


class CaseAttachmentSerializer(OutputSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "content_type", "size", "uploaded_at"]


class CaseDetailsSerializer(EnumModelSerializer):
    """The case record itself, for a reader who sees the whole case."""

    managing_organisation = org_code()
    opened_by_organisation = org_code()
    recruitment_countries = serializers.ListField(child=serializers.CharField())
    transit_countries = serializers.ListField(child=serializers.CharField())
    exploitation_countries = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Case
        fields = [
            "code",
            "kind",
            "status",
            "stage",
            "qark",
            "managing_organisation",
            "opened_by_organisation",
            *CASE_FIELDS,
            "closed_on",
            "closure_reason",
        ]
        read_only_fields = fields


class CaseDetailSerializer(serializers.Serializer):
    """A case as your access level shows it (cases.domain.casefile.for_access): the same parts
    as the case page. A part your level does not show is left out."""

    code = serializers.CharField()
    access = serializers.CharField(help_text=_("full, shared or summary"))
    can_edit = serializers.BooleanField()
    version = serializers.IntegerField()
    steps = serializers.ListField(
        child=serializers.CharField(), help_text=_("The steps you are offered on this case.")
    )
    details = serializers.DictField(help_text=_("The case record, or its summary."))
    phase = serializers.ChoiceField(
        choices=Phase.choices,
        required=False,
        help_text=_(
            "Where the case stands: identification, assistance, return and reintegration, "
            "or closed (for a reader of the whole case)."
        ),
    )
    shared = serializers.ListField(child=serializers.CharField(), required=False)
    exploitation = serializers.ListField(child=serializers.CharField(), required=False)
    screenings = CaseScreeningSerializer(many=True, required=False)
    referrals = _item(
        "referral",
        CaseReferralSerializer,
        "note",
        "post_return_plan",
        "partner_authority",
        "decline_reason",
    )
    plans = serializers.ListField(child=serializers.DictField(), required=False)
    services = _item("service", CaseServiceSerializer, "note")
    follow_ups = _item("visit", CaseFollowUpSerializer, "note")
    permits = _item("permit", CasePermitSerializer, "reference")
    justice = CaseJusticeSerializer(allow_null=True, required=False)
    guardian = serializers.DictField(allow_null=True, required=False)
    escalations = _item("escalation", CaseEscalationSerializer, "note", "resolution")
    proceedings = CaseProceedingLinkSerializer(many=True, required=False)
    attachments = CaseAttachmentSerializer(many=True, required=False)
    events = _item("event", CaseEventSerializer, "note")
    person = CasePersonSerializer(required=False, help_text=_("Only with ?person=1."))

    def to_representation(self, instance):
        fields = self.fields
        data = {name: instance[name] for name in ("code", "access", "can_edit", "version", "steps")}
        for name, value in instance["parts"].items():
            if value is None:
                data[name] = None
            elif name in PARTS:
                data[name] = PARTS[name](value)
            else:
                data[name] = fields[name].to_representation(value)
        if instance.get("person") is not None:
            data["person"] = instance["person"]
        return data


def _details(value: dict) -> dict:
    if "case" in value:
        return {
            **CaseDetailsSerializer(value["case"]).data,
            "source_detail": value["source_detail"],
        }
    return dict(CaseSummaryDetailsSerializer(value).data)


def _plan(item: dict) -> dict:
    data = dict(CasePlanSerializer(item["plan"]).data)
    data["note"] = item["note"]
    data["steps"] = [
        {**CaseStepSerializer(step["step"]).data, "note": step["note"]} for step in item["steps"]
    ]
    return data


def _guardian(value: dict | None) -> dict | None:
    if value is None:
        return None
    return {"appointed_on": value["appointed_on"], **dict(value["values"])}


PARTS = {
    "details": _details,
    "phase": lambda path: path["current"],
    "exploitation": lambda rows: [row["code"] for row in rows],
    "plans": lambda items: [_plan(item) for item in items],
    "guardian": _guardian,
}


class CaseOpenedSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()
    possible_same_person = serializers.ListField(
        child=serializers.CharField(),
        help_text=_(
            "Codes of cases you see whole whose person may be the same (the Responsible "
            "Authority reviews the match)."
        ),
    )
    unseen_possible_match = serializers.BooleanField(
        help_text=_(
            "A possible match in a case you cannot see was sent to the Responsible Authority "
            "for review."
        )
    )


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
