"""Figures computed once per period and kept until the data they are made from change.

Each entry is keyed on a name (`dashboard:nap-2008-2010:2010Q4`) and stored with the
generation (`lidhja.audit.domain.generations`) of the areas it is made from. The generation is
read *before* the data: a write that commits while the figures are computed leaves them under
the old generation, which the next reader does not accept. So a figure is never older than the
last write to its areas, and the first read after a write computes it again. A restore renews
every entry (every generation includes the `backup` area).

The entries live in the database (`StoredFigures`), so every gunicorn worker shares them on
SQLite and PostgreSQL alike, with nothing else to run or install.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Count

from lidhja.audit.domain.generations import generation
from lidhja.monitoring.domain.queries import (
    ChapterCompliance,
    ComplianceRow,
    chapter_rows,
    compliance_counts,
    compliance_rows,
)
from lidhja.monitoring.models import ReportingPeriod, StoredFigures

# The areas the monitoring figures are made from: reports and periods, the plan and its
# activities' timelines, resources and rates, organisations (merges move obligations).
MONITORING_AREAS = ("monitoring", "plan", "plan_node", "resources", "organisation")
# Identified victims: the cases, the persons they count (linkage), and published releases.
VICTIM_AREAS = ("case", "persons", "statistics")


def cached(key: str, areas: tuple[str, ...], compute: Callable[[], Any]) -> Any:
    """The JSON value stored under `key` for the current generation of `areas`, computed by
    `compute()` and stored when there is none."""
    current = generation(*areas)  # before the data, always
    found = (
        StoredFigures.objects.filter(key=key, generation=current)
        .values_list("value", flat=True)
        .first()
    )
    if found is not None:
        return found
    value = compute()
    StoredFigures.objects.bulk_create(
        [StoredFigures(key=key, generation=current, value=value)],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["generation", "value", "computed_at"],
    )
    return value


def compliance_figures(
    period: ReportingPeriod, by: str, chapter: str
) -> list[ComplianceRow] | list[ChapterCompliance]:
    """Every organisation's (or chapter's) compliance in `period`, as ONAC sees it."""
    counts = cached(
        f"compliance:{period.code}:{by}:{chapter}",
        MONITORING_AREAS,
        lambda: compliance_counts(period, by=by, chapter=chapter),
    )
    return compliance_rows(period, counts) if by == "organisation" else chapter_rows(period, counts)


def periods_with_obligations() -> list[ReportingPeriod]:
    """Every period in which reports are owed, each with `owed`, the number owed (all
    organisations': what ONAC sees)."""
    owed = cached(
        "periods:owed",
        MONITORING_AREAS,
        lambda: dict(
            ReportingPeriod.objects.annotate(owed=Count("obligations"))
            .filter(owed__gt=0)
            .values_list("code", "owed")
        ),
    )
    periods = list(ReportingPeriod.objects.filter(code__in=owed))
    for period in periods:
        period.owed = owed[period.code]  # type: ignore[attr-defined]
    return periods
