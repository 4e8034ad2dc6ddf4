"""The inputs of the justice steps, declared once with the case module's `Field` vocabulary
(cases.domain.inputs), so the same renderers make the page forms (cases.interfaces.forms.
form_for) and, with the small adapter of justice.api.inputs, the API serializers."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from lidhja.cases.domain.inputs import Field, Kind, day, flag, text
from lidhja.cases.models.choices import AgeBand, Sex
from lidhja.justice.domain.offences import article_choices
from lidhja.justice.models.choices import (
    AssetKind,
    DefendantRole,
    OfficialService,
    Outcome,
    StageKind,
    VictimRole,
)

VERSION = Field(
    "version", Kind.VERSION, _("The version of the proceeding you last read."), required=True
)


def _enum(name: str, label: Any, choices: Any, required: bool = False, **kwargs: Any) -> Field:
    return Field(
        name,
        Kind.CHOICE,
        label,
        required=required,
        choices=lambda: [c for c in choices.choices if c[0] != ""],
        vocabulary="Justice" + choices.__name__,
        **kwargs,
    )


def step_input(*fields: Field) -> tuple[Field, ...]:
    return (VERSION, *fields)


# The articles of the table of offences in force (values: article numbers). The choices are
# read when a form is made, so a version ONAC publishes is offered at once; the services check
# the articles against the version in force on the proceeding's date.
OFFENCES = Field(
    "offences",
    Kind.CHOICES,
    _("Offences (articles of the Penal Code)"),
    required=True,
    choices=article_choices,
    vocabulary="Offence",
)

REGISTER: tuple[Field, ...] = (day("registered_on", _("Reported or registered on")), OFFENCES)
SET_OFFENCES = step_input(OFFENCES)
DEFENDANT = step_input(
    _enum("role", _("Role in the offence"), DefendantRole, required=True),
    _enum("sex", _("Sex"), Sex),
    _enum(
        "age_band",
        _("Age band"),
        AgeBand,
        help=_("Derived from the date of birth when one is given."),
    ),
    Field("citizenship", Kind.COUNTRY, _("Citizenship")),
    _enum(
        "official_service",
        _("Complicity of an official: the official's service"),
        OfficialService,
        help=_("Only when the defendant is a public official who took part in the offence."),
    ),
    text("given_name", _("Given name"), 100),
    text("family_name", _("Family name"), 100),
    day("date_of_birth", _("Date of birth"), required=False),
    text("document_number", _("Identity document number"), 60),
)
SENTENCE = (
    Field("prison_months", Kind.COUNT, _("Prison term (months)")),
    Field("fine_lek", Kind.MONEY, _("Fine (ALL)")),
    flag("suspended", _("Sentence suspended")),
)
# Every field of a defendant, replaced as a whole: its categories, the sentence of its latest
# conviction, and its identity (sealed; left empty, a field is cleared).
DEFENDANT_EDIT = step_input(
    Field("defendant", Kind.ROW, _("Defendant"), required=True),
    *DEFENDANT[1:],
    *SENTENCE,
)
STAGE = step_input(
    _enum("kind", _("Stage"), StageKind, required=True),
    Field(
        "defendant",
        Kind.ROW,
        _("Defendant"),
        help=_("Arrest, indictment, verdicts and appeals are recorded per defendant."),
    ),
    day("on", _("Date")),
    _enum("outcome", _("Outcome"), Outcome),
    *SENTENCE,
)
ASSET = step_input(
    _enum("kind", _("Kind"), AssetKind, required=True),
    Field("amount_lek", Kind.MONEY, _("Amount (ALL)"), required=True),
    day("on", _("Date")),
)
VICTIM = step_input(
    text(
        "case_code",
        _("Case code of the victim"),
        16,
        required=True,
        help=_(
            "The code only: the link waits for confirmation by the case's managing unit, and "
            "nothing of the case is shown here."
        ),
    ),
    _enum("role", _("Role in the proceeding"), VictimRole, required=True),
)
