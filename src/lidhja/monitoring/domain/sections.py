"""Sections that other modules add to the mid-term progress report.

Indicators, resources and evaluation depend on monitoring, not the other way round; each
registers a function (plan, period) -> Section in its AppConfig.ready(), and the report shows
every registered section as a table (on screen, in the PDF and as an XLSX sheet).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    columns: list[str]
    rows: list[tuple]
    note: str = ""


MIDTERM_SECTIONS: list[Callable] = []


def register_midterm_section(function: Callable) -> Callable:
    if function not in MIDTERM_SECTIONS:
        MIDTERM_SECTIONS.append(function)
    return function


def midterm_sections(plan, period) -> list[Section]:
    return [function(plan, period) for function in MIDTERM_SECTIONS]
