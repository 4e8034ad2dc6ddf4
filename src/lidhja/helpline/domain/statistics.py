"""Statistics of calls: counts by month and quarter of one year, by line, topic, caller,
qark and outcome, every cell below LIDHJA_PUBLICATION_THRESHOLD hidden by the one suppression
(publication.domain.suppression.decide).

A year is decided once, months, quarters and the year in one system: each split adds up to
the column's total, each month adds up to its quarter and each quarter to the year. The page,
the API, the CSV, the XLSX and the indicators all show cells of that one decision, whichever
view (months or quarters) they show, so nothing hidden in one view follows from another.

Counts of calls are not counts of persons (one person may call many times, and a call names
nobody), yet a small count can still point at someone ("one complicity report from Kukës in
March"): so calls are hidden like persons are."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Max
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lidhja.helpline.models import Call, CallerType, CallOutcome, CallTopic, HelplineLine
from lidhja.organisations.models import Qark
from lidhja.publication.domain.suppression import Line, decide

Cell = tuple[str, str, str]  # (dimension, category, column): ("topic", "complicity", "2009Q1")
TOTAL = "total"
NOT_RECORDED = ""


@dataclass(frozen=True)
class Dimension:
    name: str
    label: Any
    categories: tuple[tuple[str, Any], ...]


def _of(choices: type[models.TextChoices]) -> tuple[tuple[str, Any], ...]:
    return tuple((value, label) for value, label in choices.choices)


DIMENSIONS = (
    Dimension("line", _("Line"), _of(HelplineLine)),
    Dimension("topic", _("Topic"), _of(CallTopic)),
    Dimension("caller_type", _("Caller"), _of(CallerType)),
    Dimension("qark", _("Qark"), (*_of(Qark), (NOT_RECORDED, _("Not recorded")))),
    Dimension("outcome", _("Outcome"), _of(CallOutcome)),
)
TOTAL_DIMENSION = Dimension(TOTAL, _("All calls"), ((NOT_RECORDED, _("All calls")),))
GRANULARITIES = ("quarter", "month")


def months(year: int) -> list[str]:
    return [f"{year}-{month:02d}" for month in range(1, 13)]


def quarters(year: int) -> list[str]:
    return [f"{year}Q{quarter}" for quarter in range(1, 5)]


def _quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def count(year: int) -> dict[Cell, int]:
    """Every cell of the year, in one query (calls by month and their five categories)."""
    tz = timezone.get_current_timezone()
    start, end = _year(year)
    names = [d.name for d in DIMENSIONS]
    rows = (
        Call.objects.filter(received_at__gte=start, received_at__lt=end)
        .annotate(month=ExtractMonth("received_at", tzinfo=tz))
        .values("month", *names)
        .annotate(n=Count("id"))
        .order_by()
    )
    counted: Counter[Cell] = Counter()
    for row in rows:
        columns = (f"{year}-{row['month']:02d}", f"{year}Q{_quarter_of(row['month'])}", str(year))
        for column in columns:
            counted[(TOTAL, NOT_RECORDED, column)] += row["n"]
            for name in names:
                counted[(name, row[name] or NOT_RECORDED, column)] += row["n"]
    return {cell: counted.get(cell, 0) for cell in cells(year)}


def cells(year: int) -> list[Cell]:
    columns = [*months(year), *quarters(year), str(year)]
    return [
        (dimension.name, category, column)
        for dimension in (TOTAL_DIMENSION, *DIMENSIONS)
        for category, _label in dimension.categories
        for column in columns
    ]


def lines(year: int) -> list[Line[Cell]]:
    """The sums a reader knows: each split adds up to its column's total, the months of a
    quarter to the quarter, the quarters to the year."""
    columns = [*months(year), *quarters(year), str(year)]
    found: list[Line[Cell]] = [
        Line((TOTAL, NOT_RECORDED, column), tuple((d.name, c, column) for c, _l in d.categories))
        for d in DIMENSIONS
        for column in columns
    ]
    for dimension in (TOTAL_DIMENSION, *DIMENSIONS):
        for category, _label in dimension.categories:
            quarter_cells = []
            for q, quarter in enumerate(quarters(year)):
                month_cells = tuple(
                    (dimension.name, category, month) for month in months(year)[q * 3 : q * 3 + 3]
                )
                found.append(Line((dimension.name, category, quarter), month_cells))
                quarter_cells.append((dimension.name, category, quarter))
            found.append(Line((dimension.name, category, str(year)), tuple(quarter_cells)))
    return found


@dataclass(frozen=True)
class Decided:
    year: int
    counts: dict[Cell, int]
    hidden: frozenset[Cell]

    def shown(self, cell: Cell) -> int | None:
        return None if cell in self.hidden else self.counts[cell]


def _year(year: int) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(datetime(year, 1, 1), time.min))
    return start, timezone.make_aware(datetime.combine(datetime(year + 1, 1, 1), time.min))


def decided(year: int) -> Decided:
    """The year's decision. The indicators ask for it once per quarter and indicator, so it
    is kept while the year's calls are unchanged: their number and latest change name it."""
    start, end = _year(year)
    state = Call.objects.filter(received_at__gte=start, received_at__lt=end).aggregate(
        n=Count("id"), latest=Max("updated_at")
    )
    return _decided(year, state["n"], state["latest"], settings.LIDHJA_PUBLICATION_THRESHOLD)


@lru_cache(maxsize=16)
def _decided(year: int, n: int, latest: datetime | None, threshold: int) -> Decided:
    counts = count(year)
    return Decided(year, counts, decide(counts, lines(year), threshold))


# --- the document the page, the API, the CSV and the XLSX render ----------------------------


@dataclass(frozen=True)
class Row:
    category: str
    label: str
    counts: list[int | None]  # None: hidden


@dataclass(frozen=True)
class Table:
    dimension: str
    label: str
    rows: list[Row]


@dataclass(frozen=True)
class Document:
    year: int
    granularity: str
    columns: list[str]  # "2009Q1" … "2009", or "2009-01" … "2009"
    tables: list[Table]
    threshold: int


def document(year: int, granularity: str = "quarter") -> Document:
    result = decided(year)
    periods = months(year) if granularity == "month" else quarters(year)
    columns = [*periods, str(year)]
    tables = [
        Table(
            dimension.name,
            str(dimension.label),
            [
                Row(
                    category,
                    str(label),
                    [result.shown((dimension.name, category, c)) for c in columns],
                )
                for category, label in dimension.categories
            ],
        )
        for dimension in (TOTAL_DIMENSION, *DIMENSIONS)
    ]
    return Document(year, granularity, columns, tables, settings.LIDHJA_PUBLICATION_THRESHOLD)


def years() -> list[int]:
    """The years that have calls, newest first."""
    found = Call.objects.dates("received_at", "year", order="DESC")
    return [day.year for day in found]
