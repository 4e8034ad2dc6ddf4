"""UNODC's categories and Lidhja's, in ONE table.

Each line names one of Lidhja's figures (indicator, sex, age, as `exchange.domain.figures`
keys them) and the exact strings UNODC's Global Report on Trafficking in Persons data file
gives the same figure (Indicator, Dimension, Category, Sex, Age). The comparison reads UNODC's
values through it, and `stats export --standard glotip` writes Lidhja's figures with its
strings, so the two cannot drift apart.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lidhja.exchange.domain.figures import (
    ADULT,
    CHILD,
    CONVICTED,
    DETECTED,
    PROSECUTED,
    TOTAL,
    Key,
)

UNIT = "Counts"
# The Source column of Lidhja's own rows in a GLOTIP-layout export.
SOURCE = "Lidhja (national referral mechanism)"


@dataclass(frozen=True)
class Line:
    key: Key
    unodc: tuple[str, str, str, str, str]  # Indicator, Dimension, Category, Sex, Age


_INDICATOR = {
    DETECTED: "Detected trafficking victims",
    PROSECUTED: "Persons prosecuted",
    CONVICTED: "Persons convicted",
}
_SEX = {TOTAL: "Total", "female": "Female", "male": "Male"}
_AGE = {TOTAL: "Total", ADULT: "18 years or over", CHILD: "0 to 17 years"}
_BY_SEX_AND_AGE = ("Total", "Total")  # Dimension, Category of the lines by sex and age


def _line(indicator: str, sex: str, age: str) -> Line:
    return Line(
        (indicator, sex, age),
        (_INDICATOR[indicator], *_BY_SEX_AND_AGE, _SEX[sex], _AGE[age]),
    )


TABLE: tuple[Line, ...] = tuple(
    _line(indicator, sex, age)
    for indicator in (DETECTED, PROSECUTED, CONVICTED)
    for sex in (TOTAL, "female", "male")
    for age in (TOTAL, ADULT, CHILD)
)

INDICATOR_LABELS: dict[str, Promise] = {
    DETECTED: _("Detected victims"),
    PROSECUTED: _("Persons prosecuted"),
    CONVICTED: _("Persons convicted"),
}
SEX_LABELS: dict[str, Promise] = {TOTAL: _("All"), "female": _("Female"), "male": _("Male")}
AGE_LABELS: dict[str, Promise] = {TOTAL: _("All ages"), ADULT: _("Adults"), CHILD: _("Children")}
# Codes of the CSV of `stats compare`.
CODES = {TOTAL: "total"}
