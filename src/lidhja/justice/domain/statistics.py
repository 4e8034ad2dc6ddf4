"""Aggregate justice statistics: counts of persons (defendants) and of asset measures by year,
published as tables from which no small group can be singled out.

Definitions (the counting unit is the defendant, each counted once per indicator, in the
quarter of the first stage that counts it):
- arrested: a defendant with an arrest recorded;
- prosecuted: a defendant indicted (an indictment not dismissed);
- convicted / acquitted: a defendant whose final decision convicts / acquits;
- appealed: a defendant with an appeal recorded;
- sentences: the final convictions by band of the sentence (suspended, fine only, prison term);
- complicity: defendants who are public officials, prosecuted and convicted, by service;
- assets: measures recorded (seized, frozen, confiscated, to the Special Fund, compensation
  ordered and paid), their count and their amount in lek. An amount is shown only with its
  count: a sum over fewer measures than the threshold would be nearly a single one.

Every count below LIDHJA_PUBLICATION_THRESHOLD is hidden, and so is every count a reader could
work out from the shown ones (publication.domain.suppression), across all the tables of the page and
the quarter figures the plan indicators publish (domain/indicators.py), decided together.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import ExtractQuarter, ExtractYear

from lidhja.publication.domain.suppression import Line, decide
from lidhja.justice.models import AssetRecord, Stage
from lidhja.justice.models.choices import AssetKind, OfficialService, Outcome, StageKind

Key = tuple[Any, ...]
QUARTERS = (1, 2, 3, 4)
PERSONS = ("arrested", "prosecuted", "convicted", "acquitted", "appealed")
SELECT: dict[str, Q] = {
    "arrested": Q(kind=StageKind.ARREST),
    "prosecuted": Q(kind=StageKind.INDICTMENT) & ~Q(outcome=Outcome.DISMISSED),
    "convicted": Q(kind=StageKind.FINAL, outcome=Outcome.CONVICTED),
    "acquitted": Q(kind=StageKind.FINAL, outcome=Outcome.ACQUITTED),
    "appealed": Q(kind=StageKind.APPEAL),
}
BANDS = ("suspended", "fine_only", "under_1y", "1_5y", "5_10y", "10y_plus", "other")
SERVICES = tuple(OfficialService.values)
OFFICIALS = ("prosecuted", "convicted")
ASSETS = tuple(AssetKind.values)


def band(prison_months: int | None, fine_lek: Decimal | None, suspended: bool) -> str:
    """The sentence band of a final conviction."""
    if suspended:
        return "suspended"
    if not prison_months:
        return "fine_only" if fine_lek else "other"
    if prison_months < 12:
        return "under_1y"
    if prison_months < 60:
        return "1_5y"
    return "5_10y" if prison_months < 120 else "10y_plus"


@dataclass(frozen=True)
class Cell:
    count: int | None  # None: hidden
    amount: Decimal | None = None  # assets only; shown with its count

    @property
    def hidden(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, tuple[Cell, ...]], ...]  # (year, or "2026Q1", cells)
    totals: tuple[Cell, ...]  # each column over the years


@dataclass(frozen=True)
class Figures:
    """Raw counts, before suppression: {(table, year, column): n}, quarters for indicators."""

    years: list[int]
    counts: dict[Key, int]
    amounts: dict[Key, Decimal]
    lines: list[Line[Key]]


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def first_dates(select: Q, *, officials: bool = False) -> list[dict[str, Any]]:
    """One row per defendant matched by `select`: `first`, the date of the first such stage
    (each defendant counts once per indicator), with the defendant's `service` (of a complicit
    official), `sex` and `age_band`."""
    stages = Stage.objects.filter(select, defendant__isnull=False)
    if officials:
        stages = stages.exclude(defendant__official_service="")
    rows = stages.values(
        "defendant_id",
        service=F("defendant__official_service"),
        sex=F("defendant__sex"),
        age_band=F("defendant__age_band"),
    ).annotate(first=Min("on"))
    return list(rows.order_by())


def _final_bands() -> list[tuple[date, str]]:
    stages = Stage.objects.filter(SELECT["convicted"], defendant__isnull=False)
    return [
        (s["on"], band(s["prison_months"], s["fine_lek"], s["suspended"]))
        for s in stages.values("on", "prison_months", "fine_lek", "suspended").order_by()
    ]


def _asset_rows() -> list[dict[str, Any]]:
    return list(
        AssetRecord.objects.annotate(year=ExtractYear("on"), quarter=ExtractQuarter("on"))
        .values("year", "quarter", "kind")
        .annotate(n=Count("id"), total=Sum("amount_lek"))
        .order_by()
    )


def figures() -> Figures:
    """Every count the page and the indicators may publish, with the sums a reader knows."""
    quarter: Counter[Key] = Counter()
    for name in PERSONS:
        for row in first_dates(SELECT[name]):
            quarter[("persons", *_quarter(row["first"]), name)] += 1
    for name in OFFICIALS:
        for row in first_dates(SELECT[name], officials=True):
            quarter[("officials_" + name, *_quarter(row["first"]), row["service"])] += 1
    for day, sentence in _final_bands():
        quarter[("sentences", *_quarter(day), sentence)] += 1
    amounts: dict[Key, Decimal] = {}
    for row in _asset_rows():
        key = ("assets", row["year"], row["quarter"], row["kind"])
        quarter[key] += row["n"]
        amounts[key] = row["total"] or Decimal(0)
    years = sorted({key[1] for key in quarter})
    return _system(years, quarter, amounts)


TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("persons", PERSONS),
    ("sentences", BANDS),
    ("officials_prosecuted", SERVICES),
    ("officials_convicted", SERVICES),
    ("assets", ASSETS),
)


def _system(years: list[int], quarter: Counter[Key], q_amounts: dict[Key, Decimal]) -> Figures:
    counts: dict[Key, int] = {}
    amounts: dict[Key, Decimal] = dict(q_amounts)
    lines: list[Line[Key]] = []
    for name, columns in TABLES:
        for c in columns:
            for y in years:
                parts = tuple((name, y, q, c) for q in QUARTERS)
                counts |= {key: quarter.get(key, 0) for key in parts}
                counts[(name, y, c)] = sum(counts[key] for key in parts)
                amounts[(name, y, c)] = sum(
                    (q_amounts.get(key, Decimal(0)) for key in parts), Decimal(0)
                )
                lines.append(Line((name, y, c), parts))
            counts[(name, "total", c)] = sum(counts[(name, y, c)] for y in years)
            amounts[(name, "total", c)] = sum((amounts[(name, y, c)] for y in years), Decimal(0))
            lines.append(Line((name, "total", c), tuple((name, y, c) for y in years)))
    for name in ("officials_prosecuted", "officials_convicted"):
        for y in years:
            for q in QUARTERS:
                # All services of a quarter: the figure plan indicator 1.(i) publishes.
                parts = tuple((name, y, q, c) for c in SERVICES)
                counts[(name, y, q, "all")] = sum(counts[key] for key in parts)
                lines.append(Line((name, y, q, "all"), parts))
    for y in years:
        # Every final conviction has one sentence band: the bands add up to the convictions.
        lines.append(Line(("persons", y, "convicted"), tuple(("sentences", y, b) for b in BANDS)))
    lines.append(
        Line(("persons", "total", "convicted"), tuple(("sentences", "total", b) for b in BANDS))
    )
    return Figures(years, counts, amounts, lines)


def decided() -> tuple[Figures, frozenset[Key]]:
    found = figures()
    items = tuple(found.counts.items())
    return found, _hidden(items, tuple(found.years), settings.LIDHJA_PUBLICATION_THRESHOLD)


@lru_cache(maxsize=8)
def _hidden(
    items: tuple[tuple[Key, int], ...], years: tuple[int, ...], threshold: int
) -> frozenset[Key]:
    """The suppression of one set of counts, remembered: the page, its download and each plan
    indicator of a quarter decide the same cells, and the elimination is the costly part
    (about 0.2 s for three years, 4.5 s for ten, measured on this 2-core machine). The lines
    follow from the years, so the counts and the years are the whole key."""
    counts = dict(items)
    lines = _system(list(years), Counter(), {}).lines
    return decide(counts, lines, threshold)


def tables(by: str = "year") -> list[Table]:
    """Every table of the justice statistics page, by year or by quarter ("2026Q1"), hidden
    cells decided together (the quarter rows are cells of the same system as the years)."""
    found, hidden = decided()

    def cell(key: Key) -> Cell:
        if key in hidden:
            return Cell(None)
        return Cell(found.counts[key], found.amounts.get(key) if key[0] == "assets" else None)

    def cells(keys: Iterable[Key]) -> tuple[Cell, ...]:
        return tuple(cell(key) for key in keys)

    periods: list[tuple[Any, tuple[Any, ...]]] = (
        [(y, (y,)) for y in found.years]
        if by == "year"
        else [(f"{y}Q{q}", (y, q)) for y in found.years for q in QUARTERS]
    )
    return [
        Table(
            name,
            columns,
            tuple((label, cells((name, *at, c) for c in columns)) for label, at in periods),
            cells((name, "total", c) for c in columns),
        )
        for name, columns in TABLES
    ]


def published(key: Key) -> tuple[int, Decimal | None] | None:
    """One cell as published (count, amount), or None when hidden or absent: for the plan
    indicators, which publish quarter cells of this same system."""
    found, hidden = decided()
    if key not in found.counts or key in hidden:
        return None
    return found.counts[key], found.amounts.get(key)
