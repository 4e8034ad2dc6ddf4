"""A table by sex and age as UNODC publishes it (women, men, adults, children and the four
crossings), declared once for the victims' and the justice side's tables of that shape
(exchange.domain.tables, justice.domain.tables). Its margins are sums a reader knows, so the
table declares them (TableSpec.sums) and they are decided with every other line of the period."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from lidhja.cases.models.choices import CHILD_BANDS, AgeBand, Sex

CellKey = tuple[str, str]

SEX_AGE: tuple[tuple[str, Any], ...] = (
    ("female", _("Women")),
    ("male", _("Men")),
    ("adult", _("Adults (18 or over)")),
    ("child", _("Children (under 18)")),
    ("female.adult", _("Women, adults")),
    ("female.child", _("Girls")),
    ("male.adult", _("Men, adults")),
    ("male.child", _("Boys")),
)
SEXES = (Sex.FEMALE.value, Sex.MALE.value)
AGES = ("adult", "child")


def sex_age(sex: str, band: str) -> list[str]:
    """The cells of SEX_AGE one person falls in: a person of another or unrecorded sex, or of
    unknown age, falls in the total only (or in the sex or age that is known)."""
    sexes = [sex] if sex in SEXES else []
    ages = [] if band in ("", AgeBand.UNKNOWN) else ["child" if band in CHILD_BANDS else "adult"]
    return [*sexes, *ages, *(f"{s}.{a}" for s in sexes for a in ages)]


def cell(code: str, total: CellKey, sex: str, age: str) -> CellKey:
    """The cell of (sex, age) in the table `code` whose total is `total` ("" for all)."""
    if not sex and not age:
        return total
    return (code, ".".join(part for part in (sex, age) if part))


def cross_sums(code: str, total: CellKey) -> tuple[tuple[CellKey, tuple[CellKey, ...]], ...]:
    """The margins of the table `code` whose total is the cell `total`: the reader takes the
    women and men to add up to it, and the adults and children too (persons of another sex or
    of unknown age make it larger: the reader who takes the sums as exact is the stronger)."""

    def cells(*values: str) -> tuple[CellKey, ...]:
        return tuple((code, value) for value in values)

    return (
        (total, cells("female", "male")),
        (total, cells("adult", "child")),
        ((code, "female"), cells("female.adult", "female.child")),
        ((code, "male"), cells("male.adult", "male.child")),
        ((code, "adult"), cells("female.adult", "male.adult")),
        ((code, "child"), cells("female.child", "male.child")),
    )
