"""Sections that other modules add to the quarterly and mid-term progress reports.

Indicators, resources and evaluation depend on monitoring, not the other way round; each
registers a function (plan, period) -> Section in its AppConfig.ready(), and the report shows
every registered section as a table (on screen, in the PDF and as an XLSX sheet). The mid-term
report is also the national dashboard.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Plan


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    columns: list[str]
    rows: list[tuple[Any, ...]]
    note: str = ""


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
