"""Aggregate case statistics: counts only, never a row, published as tables that no small group
can be singled out from.

Every count below the publication threshold is hidden, an empty one included, and so is every
further count a reader could subtract it out with (cases.domain.suppression). The tables that
split each year's cases (by status, by identification source, by age) show the year's total,
each category's total over the years and the grand total; these totals are the same cells in
every table, so a total that one table shows cannot undo what another hides. The table by form
of exploitation has no totals (a case may have several forms), but its rows are protected as if
they added up to the year's total.

The plan indicator "identified victims first contacted in the period" publishes the
identified cases of a quarter (cases.domain.indicators). The quarters of a year add up to the
status table's identified cell of that year, so they are cells of the same system, hidden
together with the tables: a quarter below the threshold cannot be had from the year's cell,
nor a hidden year's cell from its quarters.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import ExtractQuarter, ExtractYear

from lidhja.cases.domain.suppression import Line, suppress
from lidhja.cases.models import Case, CaseExploitation
from lidhja.cases.models.choices import CaseStatus, ExploitationForm, IdentificationSource

Value = str | bool
Key = tuple[Any, ...]
ALL: Key = ("all",)


@dataclass(frozen=True)
class Cell:
    count: int | None  # None: hidden

    @property
    def hidden(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class Table:
    """One published table: a row per year, a column per category. `year_totals`,
    `column_totals` and `total` are None for a table without totals."""

    name: str
    columns: tuple[Value, ...]
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]
    year_totals: tuple[Cell, ...] | None
    column_totals: tuple[Cell, ...] | None
    total: Cell | None


# The tables that split each year's cases: name, the field, its categories.
PARTITIONS: tuple[tuple[str, str, tuple[Value, ...]], ...] = (
    ("status", "status", tuple(CaseStatus.values)),
    ("source", "identification_source", tuple(IdentificationSource.values)),
    ("age", "minor_at_exploitation", (False, True)),
)
EXPLOITATION = ("exploitation", tuple(ExploitationForm.values))
QUARTERS = (1, 2, 3, 4)


def identified_in_quarter(year: int, quarter: int) -> int | None:
    """The identified cases first contacted in a quarter, as the plan indicator publishes
    them: None when the count is hidden, by the threshold or as a complement."""
    _years, counts, hidden = _decided()
    key = ("quarter", year, quarter)
    if key not in counts or key in hidden:
        return None
    return counts[key]


def tables() -> list[Table]:
    """Every published table, with the hidden cells of all of them decided together."""
    years, counts, hidden = _decided()

    def cells(keys: Iterable[Key]) -> tuple[Cell, ...]:
        return tuple(Cell(None if key in hidden else counts[key]) for key in keys)

    def rows(name: str, columns: tuple[Value, ...]) -> tuple[tuple[int, tuple[Cell, ...]], ...]:
        return tuple((y, cells((name, y, c) for c in columns)) for y in years)

    published = [
        Table(
            name=name,
            columns=columns,
            rows=rows(name, columns),
            year_totals=cells(("year", y) for y in years),
            column_totals=cells((name, "column", c) for c in columns),
            total=cells([ALL])[0],
        )
        for name, _field, columns in PARTITIONS
    ]
    name, columns = EXPLOITATION
    return [*published, Table(name, columns, rows(name, columns), None, None, None)]


def _decided() -> tuple[list[int], dict[Key, int], frozenset[Key]]:
    """The years, every count a reader may be shown, and the ones hidden."""
    by_year = _year_counts()
    years = sorted(by_year)
    counts, lines = _system(years, by_year)
    return years, counts, suppress(counts, lines, settings.LIDHJA_PUBLICATION_THRESHOLD)


def _system(years: list[int], by_year: dict[int, int]) -> tuple[dict[Key, int], list[Line[Key]]]:
    """Every count the tables show, and every sum a reader knows they satisfy."""
    counts: dict[Key, int] = {("year", y): by_year[y] for y in years}
    counts[ALL] = sum(by_year.values())
    lines = [Line(ALL, tuple(("year", y) for y in years))]
    for name, field, columns in PARTITIONS:
        found = _split_counts(field)
        for y in years:
            counts |= {(name, y, c): found.get((y, c), 0) for c in columns}
            lines.append(Line(("year", y), tuple((name, y, c) for c in columns)))
        for c in columns:
            counts[(name, "column", c)] = sum(found.get((y, c), 0) for y in years)
            lines.append(Line((name, "column", c), tuple((name, y, c) for y in years)))
        lines.append(Line(ALL, tuple((name, "column", c) for c in columns)))
    name, columns = EXPLOITATION
    found = _form_counts()
    for y in years:
        counts |= {(name, y, c): found.get((y, c), 0) for c in columns}
        # Every case has a form, so a year's forms add up to its total or more: a reader who
        # takes them to add up exactly is the stronger reader, and is the one guarded against.
        lines.append(Line(("year", y), tuple((name, y, c) for c in columns)))
    quarters = _identified_by_quarter()
    for y in years:
        counts |= {("quarter", y, q): quarters.get((y, q), 0) for q in QUARTERS}
        lines.append(
            Line(
                ("status", y, CaseStatus.IDENTIFIED.value),
                tuple(("quarter", y, q) for q in QUARTERS),
            )
        )
    return counts, lines


def _year_counts() -> dict[int, int]:
    return {year: n for (year,), n in _case_counts().items()}


def _split_counts(field: str) -> dict[tuple[int, Value], int]:
    return {(year, value): n for (year, value), n in _case_counts(field).items()}


def _case_counts(*fields: str) -> dict[tuple[Any, ...], int]:
    rows = (
        Case.objects.annotate(year=ExtractYear("identified_on"))
        .values("year", *fields)
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(row["year"], *(row[f] for f in fields)): row["n"] for row in rows}


def _identified_by_quarter() -> dict[tuple[int, int], int]:
    rows = (
        Case.objects.filter(status=CaseStatus.IDENTIFIED)
        .annotate(year=ExtractYear("identified_on"), quarter=ExtractQuarter("identified_on"))
        .values("year", "quarter")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(row["year"], row["quarter"]): row["n"] for row in rows}


def _form_counts() -> dict[tuple[int, Value], int]:
    rows = (
        CaseExploitation.objects.annotate(year=ExtractYear("case__identified_on"))
        .values("year", "form")
        .annotate(n=Count("case_id", distinct=True))
        .order_by()
    )
    return {(row["year"], row["form"]): row["n"] for row in rows}
