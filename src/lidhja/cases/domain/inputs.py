"""The inputs of the case steps, declared once.

A step's input is a tuple of `Field`s. The case pages render them as a Django form
(cases.interfaces.forms.form_for) and the API as a serializer (cases.api.inputs.serializer_for),
so a field's name, kind, label, limits and choices cannot differ between the two. The rules
that need the database (safeguards, states) stay in the services, which both call.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.cases.domain.identity import FIELDS as IDENTITY_LABELS
from lidhja.cases.domain.identity import GUARDIAN_FIELDS
from lidhja.cases.domain.screening import DIMENSIONS, INDICATORS
from lidhja.cases.models.choices import (
    BorderPoint,
    CaseKind,
    CaseStatus,
    ClosureReason,
    ErasureReason,
    EscalationLevel,
    EscalationReason,
    ExploitationForm,
    IdentificationSource,
    PermitKind,
    PlanKind,
    RecruiterRelation,
    RecruitmentMeans,
    ReferralDirection,
    ReopenReason,
    RiskLevel,
    ServiceKind,
    Sex,
    Shared,
)

Choices = Callable[[], Sequence[tuple[Any, Any]]]


class Kind(StrEnum):
    TEXT = "text"  # one line
    LONG_TEXT = "long_text"  # several lines
    EMAIL = "email"
    DATE = "date"
    BOOL = "bool"
    CHOICE = "choice"
    CHOICES = "choices"  # several of a vocabulary
    ROW = "row"  # the id of a row of this case (a referral, a plan step, an escalation)
    VERSION = "version"  # the version of the row last read
    ORGANISATION = "organisation"  # by code
    PROVIDER = "provider"  # an organisation that provides the input's `service`, by code
    MUNICIPAL_UNIT = "municipal_unit"  # an organisation that manages cases, by code
    COUNTRY = "country"  # ISO 3166-1 alpha-2
    COUNTRIES = "countries"
    MONEY = "money"  # ALL, two decimals, not negative
    COUNT = "count"  # a whole number, not negative (months of a prison term)
    FILE = "file"
    PLAN_STEPS = "plan_steps"  # dated steps of a plan
    CONFIRM = "confirm"  # a box that must be ticked (true) before a grave step is taken


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    label: Any
    required: bool = False
    max_length: int | None = None
    choices: Choices | None = None
    vocabulary: str = ""  # the name the API schema gives the choices
    help: Any = ""
    default: Any = None  # the value the API takes when the field is left out; the form's initial
    # A risky answer (accept or decline, a new status): the form offers no value in advance,
    # so that nothing is recorded that the user did not choose.
    choose: bool = False
    # Shown and taken only when another field of the input has one of these values (the page
    # hides it otherwise; the service refuses it): (field name, (values, ...)).
    shown_when: tuple[str, tuple[str, ...]] | None = None


def _enum(
    name: str, kind: Kind, label: Any, choices: type[models.TextChoices], **kwargs: Any
) -> Field:
    return Field(
        name, kind, label, choices=lambda: choices.choices, vocabulary=choices.__name__, **kwargs
    )


def text(name: str, label: Any, max_length: int | None = None, **kwargs: Any) -> Field:
    return Field(name, Kind.TEXT, label, max_length=max_length, **kwargs)


def long_text(name: str, label: Any, **kwargs: Any) -> Field:
    return Field(name, Kind.LONG_TEXT, label, max_length=10_000, **kwargs)


def day(name: str, label: Any, required: bool = True) -> Field:
    return Field(name, Kind.DATE, label, required=required)


def flag(name: str, label: Any) -> Field:
    return Field(name, Kind.BOOL, label)


VICTIM_STATUSES = (CaseStatus.POTENTIAL, CaseStatus.PRESUMED, CaseStatus.IDENTIFIED)


def _victim_statuses() -> list[tuple[str, Any]]:
    return [(s.value, s.label) for s in VICTIM_STATUSES]


def _indicators() -> list[tuple[Any, list[tuple[str, str]]]]:
    return [
        (label, [(i.code, f"{i.label} ({i.strength})") for i in INDICATORS if i.dimension == key])
        for key, label in DIMENSIONS.items()
    ]


ANSWERS = ("accept", "decline", "start", "complete")


def _answers() -> list[tuple[str, Any]]:
    labels = [_("Accept"), _("Decline"), _("Service started"), _("Service completed")]
    return list(zip(ANSWERS, labels, strict=True))


def _label(name: str) -> Any:
    return IDENTITY_LABELS[name][0]


IDENTITY: tuple[Field, ...] = (
    text("given_name", _label("given_name"), 100, required=True),
    text("family_name", _label("family_name"), 100),
    text("other_names", _label("other_names"), 200),
    day("date_of_birth", _label("date_of_birth"), required=False),
    _enum("sex", Kind.CHOICE, _label("sex"), Sex),
    Field("citizenship", Kind.COUNTRY, _label("citizenship")),
    text("document_type", _label("document_type"), 60),
    text("document_number", _label("document_number"), 60),
    text("phone", _label("phone"), 40),
    Field("email", Kind.EMAIL, _label("email"), max_length=254),
    long_text("address", _label("address")),
)

DETAILS: tuple[Field, ...] = (
    _enum("kind", Kind.CHOICE, _("Kind"), CaseKind, required=True),
    day("identified_on", _("Date of first contact")),
    _enum(
        "identification_source",
        Kind.CHOICE,
        _("Identification source"),
        IdentificationSource,
        required=True,
    ),
    _enum("border_point", Kind.CHOICE, _("Border crossing point"), BorderPoint),
    text("source_detail", _("Source, in detail"), 200),
    _enum("exploitation", Kind.CHOICES, _("Forms of exploitation"), ExploitationForm),
    flag("transnational", _("Transnational")),
    Field("recruitment_countries", Kind.COUNTRIES, _("Countries of recruitment")),
    Field("transit_countries", Kind.COUNTRIES, _("Countries of transit")),
    Field("exploitation_countries", Kind.COUNTRIES, _("Countries of exploitation")),
    _enum("recruitment_means", Kind.CHOICE, _("Means of recruitment"), RecruitmentMeans),
    _enum("recruiter_relation", Kind.CHOICE, _("Relation to the recruiter"), RecruiterRelation),
    flag("minor_at_exploitation", _("Minor at the time of exploitation")),
    Field(
        "is_child",
        Kind.BOOL,
        _("Under 18 now"),
        help=_("Set from the date of birth when it is known."),
    ),
    flag("foreign_national", _("Foreign national")),
    flag("is_witness", _("Witness in criminal proceedings")),
    flag("flagged", _("Flag as non-routine")),
)

OPENING: tuple[Field, ...] = (
    Field(
        "status",
        Kind.CHOICE,
        _("Status"),
        choices=_victim_statuses,
        vocabulary="VictimStatus",
        help=_("A victim status; not for a person at risk."),
    ),
    long_text("criteria", _("Grounds for opening the case"), required=True),
    Field(
        "managing_organisation",
        Kind.MUNICIPAL_UNIT,
        _("Managing unit"),
        help=_("The municipal unit that will manage the case (social workers: their own)."),
    ),
)

VERSION = Field("version", Kind.VERSION, _("The version of the case you last read."), True)


def step_input(*fields: Field) -> tuple[Field, ...]:
    """A step's input: the case version it was loaded with, then its own fields."""
    return (VERSION, *fields)


STATUS = step_input(
    Field(
        "status",
        Kind.CHOICE,
        _("New status"),
        required=True,
        choices=_victim_statuses,
        vocabulary="VictimStatus",
        choose=True,
    ),
    day("decided_on", _("Decided on")),
    long_text("criteria", _("Criteria used"), required=True),
)
SCREENING = step_input(
    day("screened_on", _("Screened on")),
    Field(
        "observed",
        Kind.CHOICES,
        _("Indicators observed"),
        choices=_indicators,
        vocabulary="ScreeningIndicator",
    ),
)
ABROAD = (ReferralDirection.OUTGOING.value, ReferralDirection.INCOMING.value)
REFERRAL = step_input(
    _enum(
        "direction",
        Kind.CHOICE,
        _("Direction"),
        ReferralDirection,
        required=True,
        default=ReferralDirection.DOMESTIC.value,
    ),
    _enum("service", Kind.CHOICE, _("Service"), ServiceKind, required=True),
    Field(
        "to_organisation",
        Kind.PROVIDER,
        _("Refer to"),
        help=_("Only organisations that provide the chosen service are offered."),
        shown_when=("direction", (ReferralDirection.DOMESTIC.value,)),
    ),
    _enum(
        "shared",
        Kind.CHOICES,
        _("Share with the receiving organisation"),
        Shared,
        help=_("Share only what the service needs. The case code is always shared."),
    ),
    long_text("note", _("Note to the receiving organisation")),
    *(
        replace(field, shown_when=("direction", ABROAD))
        for field in (
            Field("partner_country", Kind.COUNTRY, _("Partner country")),
            text("partner_authority", _("Partner authority"), 200),
            day("return_on", _("Planned date of return"), required=False),
            day("return_notice_on", _("Advance notice of return given on"), required=False),
            long_text("post_return_plan", _("Post-return plan")),
        )
    ),
)
# The fields of a referral to or from a partner country: refused on a referral within it.
ABROAD_FIELDS = tuple(
    field.name for field in REFERRAL if field.shown_when and field.shown_when[1] == ABROAD
)
REFERRAL_ANSWER = (
    Field(
        "referral_version",
        Kind.VERSION,
        _("The version of the referral you last read."),
        required=True,
    ),
    Field("referral", Kind.ROW, _("Referral"), required=True),
    Field(
        "answer",
        Kind.CHOICE,
        _("Answer"),
        required=True,
        choices=_answers,
        vocabulary="ReferralAnswer",
        choose=True,
    ),
    text("reason", _("Reason for declining"), 255),
)
DECISIONS = ("confirm", "decline")


def _decisions() -> list[tuple[str, Any]]:
    return list(zip(DECISIONS, [_("Confirm"), _("Decline")], strict=True))


# A criminal-justice office's request to link the case to a proceeding (justice.domain.victims).
PROCEEDING_LINK = (
    Field(
        "link_version",
        Kind.VERSION,
        _("The version of the request you last read."),
        required=True,
    ),
    Field("link", Kind.ROW, _("Request"), required=True),
    Field(
        "decision",
        Kind.CHOICE,
        _("Decision"),
        required=True,
        choices=_decisions,
        vocabulary="ProceedingLinkDecision",
        choose=True,
    ),
)
PLAN = step_input(
    _enum("kind", Kind.CHOICE, _("Kind"), PlanKind, required=True),
    day("made_on", _("Date")),
    _enum("risk_level", Kind.CHOICE, _("Risk level"), RiskLevel),
    day("reintegrated_on", _("Reintegrated on"), required=False),
    long_text("note", _("Content")),
    Field("steps", Kind.PLAN_STEPS, _("Steps, one per line: YYYY-MM-DD and what is to be done")),
)
STEP_DONE = step_input(
    Field("step", Kind.ROW, _("Plan step"), required=True),
    day("done_on", _("Done on")),
)
SERVICE = step_input(
    _enum("kind", Kind.CHOICE, _("Service"), ServiceKind, required=True),
    Field(
        "provider",
        Kind.ORGANISATION,
        _("Provided by"),
        help=_("Leave empty for your own organisation."),
    ),
    day("started_on", _("From")),
    day("ended_on", _("Until"), required=False),
    flag("refused", _("Offered and refused by the person")),
    long_text("note", _("Note")),
)
FOLLOW_UP = step_input(
    day("visited_on", _("Visited on")),
    flag("employed", _("Employed")),
    flag("re_trafficked", _("Re-trafficked")),
    long_text("note", _("Note")),
)
PERMIT = step_input(
    _enum("kind", Kind.CHOICE, _("Kind"), PermitKind, required=True),
    day("starts_on", _("From")),
    day("ends_on", _("Until")),
    text("reference", _("Reference"), 64),
)
JUSTICE = step_input(
    flag("witness_participation", _("Takes part as a witness")),
    flag("protection_programme", _("In the witness protection programme")),
    Field("compensation_claimed", Kind.MONEY, _("Compensation claimed (ALL)")),
    Field("compensation_awarded", Kind.MONEY, _("Compensation awarded (ALL)")),
)
GUARDIAN = step_input(
    text("name", GUARDIAN_FIELDS["name"], 200, required=True),
    text("relation", GUARDIAN_FIELDS["relation"], 100),
    text("contact", GUARDIAN_FIELDS["contact"], 200),
    day("appointed_on", _("Appointed on")),
)
TRANSFER = step_input(
    Field(
        "to",
        Kind.MUNICIPAL_UNIT,
        _("Transfer to"),
        required=True,
        help=_("Code of the municipal unit that takes the case over."),
    ),
    long_text("reason", _("Why the case is transferred"), required=True),
)
ESCALATE = step_input(
    _enum("level", Kind.CHOICE, _("Escalate to"), EscalationLevel, required=True),
    _enum("reason", Kind.CHOICE, _("Reason"), EscalationReason, required=True),
    long_text("note", _("What is needed"), required=True),
)
RESOLVE = step_input(
    Field("escalation", Kind.ROW, _("Escalation"), required=True),
    long_text("resolution", _("Resolution"), required=True),
)
NOTE = step_input(long_text("note", _("Note"), required=True))
CLOSE = step_input(
    day("closed_on", _("Closed on")),
    _enum(
        "reason", Kind.CHOICE, _("Reason for closure"), ClosureReason, required=True, choose=True
    ),
    long_text("note", _("Note"), help=_("Sealed; shown in the timeline to those who see it.")),
    Field(
        "confirm",
        Kind.CONFIRM,
        _("I confirm that this case is to be closed"),
        required=True,
        help=_("Work on the case stops. A closed case can be reopened."),
    ),
)
REOPEN = step_input(
    _enum("reason", Kind.CHOICE, _("Why the case is reopened"), ReopenReason, required=True,
          choose=True),
    long_text("note", _("Note"), help=_("Sealed; shown in the timeline to those who see it.")),
    Field(
        "confirm",
        Kind.CONFIRM,
        _("I confirm that this case is to be reopened"),
        required=True,
    ),
)  # fmt: skip
ERASE = step_input(
    _enum(
        "reason",
        Kind.CHOICE,
        _("Kind of request"),
        ErasureReason,
        required=True,
        choose=True,
    ),
    text(
        "basis",
        _("Lawful request (reference and legal basis)"),
        255,
        required=True,
        help=_(
            "Erasure removes the person's identifying data for good; the case's statistics stay."
        ),
    ),
    text("confirm", _("Type the case code to confirm"), 16, required=True),
)
ATTACH = step_input(Field("file", Kind.FILE, _("File (PDF, PNG, JPEG, DOCX, XLSX)"), True))
PERSON = step_input(*IDENTITY)
EDIT_DETAILS = step_input(*DETAILS)
