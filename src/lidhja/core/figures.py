"""Dates and numbers as the reader's language writes them, for every page, document, e-mail
and export (one style per language; the formats are in `lidhja.formats.<language>`):

- a day: "29 November 2026" / "29 nëntor 2026"; short (table cells): "29 Nov 2026" /
  "29.11.2026"; with a time, always on a 24-hour clock: "29 nëntor 2026, 14:05";
- a count: 15,141 / 15 141 (a non-breaking space groups Albanian thousands);
- an amount: 15,141,000.00 / 15 141 000,00; in lek where no heading says so:
  15,141,000.00 lek / 15 141 000,00 lekë;
- a percentage: 40.5 % / 40,5 %.

ISO dates stay where a machine reads them (API, CSV, the `value` of a date input, the
`datetime` of a `<time>`); nothing here is for those.
"""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import pgettext

Number = int | float | Decimal

# A non-breaking space between a figure and its unit, so "40,5 %" never breaks in two.
NBSP = "\xa0"


def day(value: date, *, short: bool = False) -> str:
    """A date (a datetime is shown at its local date)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return date_format(value, "SHORT_DATE_FORMAT" if short else "DATE_FORMAT")


def moment(value: datetime, *, short: bool = False) -> str:
    """A date and time of day, in the local time zone."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "SHORT_DATETIME_FORMAT" if short else "DATETIME_FORMAT")


def count(value: Number) -> str:
    """A whole number with its thousands grouped."""
    return number_format(value, force_grouping=True)


def amount(value: Number, places: int = 2) -> str:
    """An amount of money: grouped, with `places` decimals."""
    return number_format(value, decimal_pos=places, force_grouping=True)


def lek(value: Number) -> str:
    """An amount in lek, with its unit."""
    unit = pgettext("amount in", "lek")
    return f"{amount(value)}{NBSP}{unit}"


def decimal(value: Number) -> str:
    """A measured value: grouped, decimals only where it has some (at most two)."""
    return str(floatformat(value, "-2g"))


def percent(value: Number) -> str:
    """A percentage (40.5 for 40.5 %), always with one decimal: 50.0 %, 40,5 %."""
    return f"{floatformat(value, '1g')}{NBSP}%"


_WRITERS: dict[str, Callable[[Number], str]] = {
    "count": count,
    "amount": amount,
    "percent": percent,
}


def shown(value: object, kind: str = "text") -> str:
    """A table cell as the reader's language writes it: `kind` is text, count, amount,
    decimal (a measured value) or percent. A missing value (None) is a dash, a date a short
    date; a number in a text column (a year) is written as it is."""
    if value is None:
        return "–"
    if kind != "text" and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        write: Callable[[Number], str] = _WRITERS.get(kind, decimal)
        return write(value)
    if isinstance(value, date):
        return day(value, short=True)
    return str(value)
