"""What the statistics of a period are, as every rendering shows them: one structure for the
page, the API, the CSV, XLSX and PDF downloads and the three-monthly report. Labels come out in
the active language (the caller activates it)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lidhja.publication.domain.periods import Period
from lidhja.publication.domain.releases import Decided, draft, published
from lidhja.publication.domain.services import current_versions
from lidhja.publication.domain.tables import TABLES, TableSpec
from lidhja.publication.models import Definition, ReferenceDate, Release, Unit

Figure = int | None  # None: hidden
Amount = Decimal | None  # None: not shown (its count is hidden or below the threshold)

# The groups of tables, in the order a document shows them (TableSpec.group).
GROUPS = {
    "victims": _("Persons in the referral mechanism"),
    "protection": _("Protection"),
    "justice": _("Criminal justice"),
}


@dataclass(frozen=True)
class Row:
    value: str
    label: str
    figures: tuple[Figure, ...]  # one per column of the document
    amounts: tuple[Amount, ...] = ()  # one per column, for a table with amounts in lek


@dataclass(frozen=True)
class PublishedTable:
    code: str
    version: int
    title: str
    unit: str
    reference_date: str
    inclusion: str
    group: str
    rows: tuple[Row, ...]
    total: Row | None  # the cell the rows add up to, when they do
    adds_up: bool  # False: a unit may fall in several rows
    previous_version: int | None  # the previous period's version, when it differs
    has_amounts: bool = False  # the rows carry amounts in lek beside their counts

    @property
    def group_label(self) -> str:
        return str(GROUPS.get(self.group, self.group))


@dataclass(frozen=True)
class StatisticsDocument:
    period: Period
    columns: tuple[str, ...]  # this period, the previous one
    published: tuple[bool, ...]  # per column: False for a period not (yet) published
    tables: tuple[PublishedTable, ...]
    threshold: int
    published_at: datetime | None  # None: a draft

    @property
    def draft(self) -> bool:
        return self.published_at is None

    @property
    def definitions(self) -> list[tuple[str, int]]:
        return [(table.code, table.version) for table in self.tables]


def releases() -> list[Release]:
    return list(Release.objects.order_by("-year", "-quarter"))


def statistics_document(period: Period, *, as_draft: bool = False) -> StatisticsDocument | None:
    """The published statistics of `period` beside the previous period as published; with
    `as_draft`, an unpublished period as it would be published now. None: not published."""
    current = published(period)
    if current is None and as_draft:
        current = draft(period)
    if current is None:
        return None
    before = published(period.previous())
    versions = current.definitions or current_versions()
    definitions = _definitions(versions, before)
    order = list(GROUPS)
    specs = sorted(
        (spec for spec in TABLES.values() if spec.code in versions),
        key=lambda spec: order.index(spec.group) if spec.group in order else len(order),
    )
    tables = tuple(_table(spec, current, before, versions, definitions) for spec in specs)
    return StatisticsDocument(
        period=period,
        columns=(period.code, period.previous().code),
        published=(current.published_at is not None, before is not None),
        tables=tables,
        threshold=current.threshold,
        published_at=current.published_at,
    )


def _definitions(
    versions: dict[str, int], before: Decided | None
) -> dict[tuple[str, int], Definition]:
    wanted = set(versions.items()) | set((before.definitions or {}).items() if before else ())
    codes = {code for code, _version in wanted}
    return {
        (d.code, d.version): d
        for d in Definition.objects.filter(code__in=codes)
        if (d.code, d.version) in wanted
    }


def _table(
    spec: TableSpec,
    current: Decided,
    before: Decided | None,
    versions: dict[str, int],
    definitions: dict[tuple[str, int], Definition],
) -> PublishedTable:
    lang = get_language() or "en"
    version = versions[spec.code]
    definition = definitions[(spec.code, version)]
    earlier = (before.definitions or {}).get(spec.code) if before else None

    def figures(key: tuple[str, str]) -> tuple[Figure, ...]:
        return (current.cells.get(key), before.cells.get(key) if before else None)

    def amounts(key: tuple[str, str]) -> tuple[Amount, ...]:
        if TABLES[key[0]].amount is None:
            return ()
        return (current.amount(*key), before.amount(*key) if before else None)

    def row(value: str, label: str, key: tuple[str, str]) -> Row:
        return Row(value, label, figures(key), amounts(key))

    rows = tuple(row(value, str(label), (spec.code, value)) for value, label in spec.categories)
    total = None
    if spec.within is not None and not spec.at_least:
        within = TABLES[spec.within[0]]
        total = row("total", within.label(spec.within[1]), spec.within)
    return PublishedTable(
        code=spec.code,
        version=version,
        title=definition.title(lang),
        unit=str(Unit(definition.unit).label),
        reference_date=str(ReferenceDate(definition.reference_date).label),
        inclusion=definition.inclusion(lang),
        group=spec.group,
        rows=rows,
        total=total,
        adds_up=not spec.at_least,
        previous_version=earlier if earlier not in (None, version) else None,
        has_amounts=spec.amount is not None,
    )
