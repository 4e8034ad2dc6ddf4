"""Number formats for the XLSX documents, in the language they are written in: dates are real
dates shown day-month-year ("29.11.2026" / "29 Nov 2026"), a time on a 24-hour clock, counts
and amounts with their thousands grouped. The separators themselves are the reader's
spreadsheet's own (in a number format "#,##0.00" means "grouped, two decimals"), so an
Albanian spreadsheet shows 15 141 000,00.

`format_cells(book)` is called by each document writer just before it saves. Round-trip files
(the plan export, the bulk and attendance templates, the organisations' table) keep their
plain values: they are read back.
"""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell.cell import Cell

DATES = {"sq": "dd.mm.yyyy", "en": "d mmm yyyy"}
COUNT = "#,##0"
AMOUNT = "#,##0.00"
RATIO = "#,##0.0"  # percentages and other measured shares, kept to one decimal
YEARS = range(1900, 2101)


def date_format_code(lang: str | None = None) -> str:
    return DATES.get(lang or translation.get_language() or "en", DATES["en"])


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _year_column(cells: list[Cell]) -> bool:
    """A column whose whole numbers are all years (2008, 2026) is not grouped: 2 026."""
    ints = [c.value for c in cells if _is_int(c.value)]
    return bool(ints) and all(v in YEARS for v in ints)


def _code(value: Any, day: str, years: bool) -> str | None:
    if isinstance(value, datetime):
        return f"{day} hh:mm"
    if isinstance(value, date):
        return day
    if _is_int(value):
        return None if years else COUNT
    if isinstance(value, Decimal):
        return AMOUNT
    if isinstance(value, float):
        return RATIO
    return None


def _format_column(cells: list[Cell], day: str) -> None:
    years = _year_column(cells)
    for cell in cells:
        code = _code(cell.value, day, years)
        if code is not None:
            cell.number_format = code


def format_cells(book: Workbook, lang: str | None = None) -> None:
    """Set the number format of every date and number cell of `book`."""
    day = date_format_code(lang)
    for sheet in book.worksheets:
        columns: Iterable[tuple[Cell, ...]] = sheet.iter_cols()
        for column in columns:
            _format_column(list(column), day)
