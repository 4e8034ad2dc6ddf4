"""Template filters for counts, amounts and percentages in the reader's language
(`lidhja.core.figures`). Each gives back a value it cannot format (None, "", text) unchanged,
so `|default_if_none` and `|default` still work after it. Dates use Django's `|date` with the
named formats ("DATE_FORMAT", "SHORT_DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT").
"""

from decimal import Decimal
from typing import Any

from django import template

from lidhja.core import figures

register = template.Library()


def _number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@register.filter
def count(value: Any) -> Any:
    """`{{ n|count }}`: 15 141 / 15,141."""
    return figures.count(value) if _number(value) else value


@register.filter
def amount(value: Any) -> Any:
    """`{{ x|amount }}`: 15 141 000,00 / 15,141,000.00."""
    return figures.amount(value) if _number(value) else value


@register.filter
def lek(value: Any) -> Any:
    """`{{ x|lek }}`: 15 141 000,00 lekë / 15,141,000.00 lek."""
    return figures.lek(value) if _number(value) else value


@register.filter
def decimal(value: Any) -> Any:
    """`{{ x|decimal }}`: 1 234,5 / 1,234.5 (decimals only where there are some)."""
    return figures.decimal(value) if _number(value) else value


@register.filter
def percent(value: Any) -> Any:
    """`{{ x|percent }}`: 40,5 % / 40.5 %."""
    return figures.percent(value) if _number(value) else value


@register.filter
def shown(value: Any, kind: str = "text") -> str:
    """`{{ cell|shown:column.kind }}`: a report table's cell (`lidhja.core.figures.shown`)."""
    return figures.shown(value, kind)
