"""The published tables, declared once: a table is a definition code (its text lives in the
definitions registry, versioned), the categories it splits by, one query that counts them, and
the cell its categories add up to. The page, the API, the CSV, XLSX and PDF downloads, the
three-monthly report and the computed indicators all read these declarations, through the
frozen releases (publication.domain.releases).

Another area adds its tables as data: `register(TableSpec(...))` with its own definition code
and query (the justice side: proceedings, defendants, assets), and a seeded definition.

Persons are counted once: Count(PERSON_KEY, distinct=True) over their cases, a confirmed link
included (cases.domain.categories). A person with several cases of the period counts once in
the total and once in each category one of the cases falls in, so a table's categories may add
up to more than its total; the suppression takes them to add up exactly, which is the stronger
reader and the one guarded against.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case as Choose
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lidhja.cases.models import (
    CarePlan,
    Case,
    CaseExploitation,
    FollowUpVisit,
    StayPermit,
)
from lidhja.cases.models.choices import (
    AgeBand,
    BorderPoint,
    CaseStatus,
    ExploitationForm,
    IdentificationSource,
    PermitKind,
    PlanKind,
    Sex,
)
from lidhja.organisations.models import Qark

CellKey = tuple[str, str]  # (table code, category)
Counter = Callable[[date, date], Mapping[str, int]]
Amounter = Callable[[date, date], Mapping[str, Decimal]]
ALL = "all"
NOT_RECORDED = _("Not recorded")


@dataclass(frozen=True)
class TableSpec:
    code: str  # the definition code, publication.models.Definition
    categories: tuple[tuple[str, Any], ...]  # (value, label), in the order shown
    count: Counter  # (first day, last day) -> {category: count}
    within: CellKey | None = None  # the cell its categories add up to
    at_least: bool = False  # a unit may fall in several categories (forms of exploitation)
    group: str = "victims"
    # Further sums a reader knows, (total, parts), any cells of the period: the margins of a
    # cross table (publication.domain.releases decides them with the `within` lines).
    sums: tuple[tuple[CellKey, tuple[CellKey, ...]], ...] = ()
    # Amounts in lek beside the counts (assets): shown only where the count is shown
    # (publication.domain.releases, `shown_amounts`).
    amount: Amounter | None = None

    def cells(self) -> list[CellKey]:
        return [(self.code, value) for value, _label in self.categories]

    def label(self, value: str) -> str:
        return str(dict(self.categories)[value])


TABLES: dict[str, TableSpec] = {}


def register(spec: TableSpec) -> TableSpec:
    TABLES[spec.code] = spec
    return spec


def person_key(prefix: str = "") -> Coalesce:
    """cases.domain.categories.PERSON_KEY, from a row `prefix` away from the case."""
    return Coalesce(F(f"{prefix}person__counted_as_id"), F(f"{prefix}person_id"))


def _cases(start: date, end: date) -> QuerySet[Case]:
    return Case.objects.filter(identified_on__range=(start, end))


def _persons_by(rows: QuerySet[Any], field: str, prefix: str = "") -> dict[str, int]:
    found = rows.values(field).annotate(n=Count(person_key(prefix), distinct=True)).order_by()
    return {str(row[field]): row["n"] for row in found}


def _persons(rows: QuerySet[Any], prefix: str = "") -> dict[str, int]:
    return {ALL: rows.aggregate(n=Count(person_key(prefix), distinct=True))["n"]}


def _by_field(field: str) -> Counter:
    return lambda start, end: _persons_by(_cases(start, end), field)


def _choices(choices: list[tuple[str, Any]], blank: bool = True) -> tuple[tuple[str, Any], ...]:
    listed = tuple((value, label) for value, label in choices if value != "")
    return (*listed, ("", NOT_RECORDED)) if blank else listed


# Citizenship in fixed rows, so that the rows shown never tell which countries occur.
CITIZENSHIPS: tuple[tuple[str, Any], ...] = (
    ("AL", _("Albania")),
    ("XK", _("Kosovo")),
    ("MK", _("North Macedonia")),
    ("GR", _("Greece")),
    ("IT", _("Italy")),
    ("ME", _("Montenegro")),
    ("RS", _("Serbia")),
    ("other", _("Other country")),
    ("", NOT_RECORDED),
)
_LISTED = [code for code, _label in CITIZENSHIPS if len(code) == 2]


def _citizenship(start: date, end: date) -> dict[str, int]:
    rows = _cases(start, end).annotate(
        citizenship=Choose(
            When(person__stat_citizenship__in=_LISTED, then=F("person__stat_citizenship")),
            When(person__stat_citizenship="", then=Value("")),
            default=Value("other"),
        )
    )
    return _persons_by(rows, "citizenship")


def _scope(start: date, end: date) -> dict[str, int]:
    rows = _cases(start, end).annotate(
        scope=Choose(
            When(transnational=True, then=Value("transnational")), default=Value("internal")
        )
    )
    return _persons_by(rows, "scope")


def _exploitation(start: date, end: date) -> dict[str, int]:
    rows = CaseExploitation.objects.filter(case__identified_on__range=(start, end))
    return _persons_by(rows, "form", "case__")


def _border_points(start: date, end: date) -> dict[str, int]:
    rows = _cases(start, end).filter(identification_source=IdentificationSource.BORDER)
    return _persons_by(rows, "border_point")


def _risk_assessment(start: date, end: date) -> dict[str, int]:
    assessed = CarePlan.objects.filter(case=OuterRef("pk"), kind=PlanKind.RISK)
    rows = _cases(start, end).annotate(
        risk=Choose(When(Exists(assessed), then=Value("with")), default=Value("without"))
    )
    return _persons_by(rows, "risk")


def _permits(kind: str) -> Counter:
    def count(start: date, end: date) -> dict[str, int]:
        rows = StayPermit.objects.filter(kind=kind, starts_on__range=(start, end))
        return _persons(rows, "case__")

    return count


def _re_trafficked(start: date, end: date) -> dict[str, int]:
    rows = FollowUpVisit.objects.filter(Q(re_trafficked=True), visited_on__range=(start, end))
    return _persons(rows, "case__")


PERSONS = ("victims.persons", ALL)
BORDER = ("victims.source", IdentificationSource.BORDER.value)

for spec in (
    TableSpec(
        "victims.persons",
        ((ALL, _("Persons")),),
        lambda start, end: _persons(_cases(start, end)),
    ),
    TableSpec("victims.status", _choices(CaseStatus.choices, False), _by_field("status"), PERSONS),
    TableSpec("victims.sex", _choices(Sex.choices), _by_field("person__stat_sex"), PERSONS),
    TableSpec("victims.age", _choices(AgeBand.choices), _by_field("age_band"), PERSONS),
    TableSpec("victims.citizenship", CITIZENSHIPS, _citizenship, PERSONS),
    TableSpec(
        "victims.exploitation",
        _choices(ExploitationForm.choices, False),
        _exploitation,
        PERSONS,
        at_least=True,
    ),
    TableSpec(
        "victims.source",
        _choices(IdentificationSource.choices, False),
        _by_field("identification_source"),
        PERSONS,
    ),
    TableSpec("victims.border_point", _choices(BorderPoint.choices), _border_points, BORDER),
    TableSpec(
        "victims.scope",
        (("internal", _("Internal")), ("transnational", _("Transnational"))),
        _scope,
        PERSONS,
    ),
    TableSpec("victims.qark", _choices(Qark.choices), _by_field("qark"), PERSONS),
    TableSpec(
        "victims.risk_assessment",
        (("with", _("With a risk assessment")), ("without", _("Without a risk assessment"))),
        _risk_assessment,
        PERSONS,
    ),
    TableSpec(
        "protection.reflection",
        ((ALL, _("Persons granted a reflection period")),),
        _permits(PermitKind.REFLECTION),
        group="protection",
    ),
    TableSpec(
        "protection.residence",
        ((ALL, _("Persons granted a temporary residence permit")),),
        _permits(PermitKind.RESIDENCE),
        group="protection",
    ),
    TableSpec(
        "protection.re_trafficked",
        ((ALL, _("Persons found re-trafficked at a follow-up visit")),),
        _re_trafficked,
        group="protection",
    ),
):
    register(spec)
