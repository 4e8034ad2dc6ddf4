"""The inputs of the helpline, declared once (the pattern of cases.domain.inputs): the pages
render them as Django forms and the API as serializers, with the case module's renderers, so a
field's name, kind, label, limits and choices cannot differ between the two.

The order is the order of a call: the line and the time are filled in already, then who calls,
about what, from where, what the operator did, and the duration at the end."""

from dataclasses import replace
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.cases.domain import inputs as case_inputs
from lidhja.cases.domain.inputs import Field, Kind
from lidhja.helpline.models import CallerType, CallLanguage, CallOutcome, CallTopic, HelplineLine
from lidhja.organisations.models import Qark


def _choice(name: str, label: object, choices: type[models.TextChoices], **kwargs: Any) -> Field:
    return Field(
        name,
        Kind.CHOICE,
        label,
        choices=lambda: choices.choices,
        vocabulary=f"Helpline{choices.__name__}",
        **kwargs,
    )


def _outcomes() -> list[tuple[str, object]]:
    # "Potential case" is the outcome of opening one ("Open a potential case"), not typed.
    return [(o.value, o.label) for o in CallOutcome if o is not CallOutcome.POTENTIAL_CASE]


CALL: tuple[Field, ...] = (
    _choice("line", _("Line"), HelplineLine, default=HelplineLine.NATIONAL.value),
    Field("received_on", Kind.DATE, _("Date"), required=True),
    Field("received_time", Kind.TEXT, _("Time"), required=True, max_length=5, help=_("HH:MM")),
    _choice("caller_type", _("Caller"), CallerType, required=True),
    _choice("topic", _("Topic"), CallTopic, required=True),
    _choice("qark", _("Qark"), Qark, help=_("Where the call is about, if the caller says.")),
    _choice("language", _("Language"), CallLanguage, default=CallLanguage.ALBANIAN.value),
    Field(
        "outcome",
        Kind.CHOICE,
        _("Outcome"),
        required=True,
        choices=_outcomes,
        vocabulary="HelplineCallOutcome",
        help=_('To open a potential case, log the call, then use "Open a potential case".'),
    ),
    Field(
        "referred_to",
        Kind.ORGANISATION,
        _("Referred to"),
        help=_("The organisation the caller was referred to (outcome: referred)."),
    ),
    Field("duration_minutes", Kind.COUNT, _("Duration (minutes)")),
)
CALL_FIELDS = tuple(field.name for field in CALL)

VERSION = Field("version", Kind.VERSION, _("The version of the call you last read."), True)
CORRECT: tuple[Field, ...] = (VERSION, *CALL)


def _details(name: str) -> Field:
    return next(field for field in case_inputs.DETAILS if field.name == name)


def _identity(name: str) -> Field:
    field = next(field for field in case_inputs.IDENTITY if field.name == name)
    return replace(field, required=False)


# A potential case from a call: the unit that will manage it, what the call tells of the
# case, and, only if the caller gives them, a name and a telephone number; the case module
# seals them with the person. The operator never sees them again.
OPEN_CASE: tuple[Field, ...] = (
    VERSION,
    Field(
        "managing_organisation",
        Kind.MUNICIPAL_UNIT,
        _("Managing unit"),
        required=True,
        help=_("The municipal unit that will manage the case."),
    ),
    _details("kind"),
    _details("exploitation"),
    _details("minor_at_exploitation"),
    _details("is_child"),
    _identity("given_name"),
    _identity("family_name"),
    _identity("phone"),
    replace(
        case_inputs.long_text("criteria", _("What the managing unit needs to know")),
        help=_("Sealed in the case; you will not see it again."),
    ),
)
IDENTITY_FIELDS = ("given_name", "family_name", "phone")
