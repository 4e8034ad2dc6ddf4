"""Aggregate case statistics: counts only, never a row, with every count below the
publication threshold hidden (so that no small group can be singled out)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import ExtractYear

from lidhja.cases.models import Case, CaseExploitation


@dataclass(frozen=True)
class Cell:
    count: int | None  # None: hidden, below the threshold

    @property
    def hidden(self) -> bool:
        return self.count is None


def _cell(count: int, threshold: int) -> Cell:
    return Cell(count if count >= threshold else None)


def table(
    rows: Iterable[dict[str, Any]], row_key: str, column_key: str
) -> dict[tuple[Any, Any], Cell]:
    threshold = settings.LIDHJA_PUBLICATION_THRESHOLD
    return {(r[row_key], r[column_key]): _cell(r["n"], threshold) for r in rows}


def by_year_and_status() -> dict[tuple[Any, Any], Cell]:
    rows = (
        Case.objects.annotate(year=ExtractYear("identified_on"))
        .values("year", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return table(rows, "year", "status")


def by_year_and_exploitation() -> dict[tuple[Any, Any], Cell]:
    rows = (
        CaseExploitation.objects.annotate(year=ExtractYear("case__identified_on"))
        .values("year", "form")
        .annotate(n=Count("case_id", distinct=True))
        .order_by()
    )
    return table(rows, "year", "form")


def by_year_and_source() -> dict[tuple[Any, Any], Cell]:
    rows = (
        Case.objects.annotate(year=ExtractYear("identified_on"))
        .values("year", "identification_source")
        .annotate(n=Count("id"))
        .order_by()
    )
    return table(rows, "year", "identification_source")


def by_year_and_age() -> dict[tuple[Any, Any], Cell]:
    rows = (
        Case.objects.annotate(year=ExtractYear("identified_on"))
        .values("year", "minor_at_exploitation")
        .annotate(n=Count("id"))
        .order_by()
    )
    return table(rows, "year", "minor_at_exploitation")
