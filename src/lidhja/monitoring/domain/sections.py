"""Sections that other modules add to the quarterly and mid-term progress reports.

Indicators, resources and evaluation depend on monitoring, not the other way round; each
registers a function (plan, period) -> Section in its AppConfig.ready(), and the report shows
every registered section as a table (on screen, in the PDF and as an XLSX sheet). The mid-term
report is also the national dashboard.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Plan


@dataclass(frozen=True)
class Column:
    """A column's heading and what its cells hold, which says how pages and PDFs write them
    (`lidhja.core.figures.shown`): text, a count, an amount, a measured value or a percentage.
    """

    title: str
    kind: str = "text"

    def __str__(self) -> str:
        return self.title

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


def count(title: str) -> Column:
    return Column(title, "count")


def amount(title: str) -> Column:
    return Column(title, "amount")


def measured(title: str) -> Column:
    return Column(title, "decimal")


def percent(title: str) -> Column:
    return Column(title, "percent")


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    columns: Sequence[Column | str]  # a plain heading is a text column
    rows: list[tuple[Any, ...]]
    note: str = ""

    @property
    def headings(self) -> list[Column]:
        return [c if isinstance(c, Column) else Column(c) for c in self.columns]

    @property
    def cells(self) -> list[list[tuple[Column, Any]]]:
        """Each row as (column, value) pairs, for a table that writes each cell by its kind."""
        return [list(zip(self.headings, row, strict=True)) for row in self.rows]


SectionFunction = Callable[[Plan, ReportingPeriod], Section]

MIDTERM_SECTIONS: list[SectionFunction] = []
QUARTERLY_SECTIONS: list[SectionFunction] = []


def register_midterm_section(function: SectionFunction) -> SectionFunction:
    if function not in MIDTERM_SECTIONS:
        MIDTERM_SECTIONS.append(function)
    return function


def register_quarterly_section(function: SectionFunction) -> SectionFunction:
    if function not in QUARTERLY_SECTIONS:
        QUARTERLY_SECTIONS.append(function)
    return function


def midterm_sections(plan: Plan, period: ReportingPeriod) -> list[Section]:
    return [function(plan, period) for function in MIDTERM_SECTIONS]


def quarterly_sections(plan: Plan, period: ReportingPeriod) -> list[Section]:
    return [function(plan, period) for function in QUARTERLY_SECTIONS]
