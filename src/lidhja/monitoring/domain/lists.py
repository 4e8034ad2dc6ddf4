"""The one way every list of obligations and reports is filtered and grouped (the period's
obligations for ONAC, a focal point's own reports, the reports waiting for review): the same
filters, kept in the URL, and rows ordered by their group so that a page of 50 shows each group
under its heading."""

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from lidhja.monitoring.domain.queries import with_report_status
from lidhja.monitoring.models import Obligation
from lidhja.plans.models import Chapter

GROUPS = ("chapter", "organisation")


def chapter_order() -> Case:
    """The chapters in the plan's order (not alphabetical)."""
    return Case(
        *(When(node__chapter=value, then=Value(i)) for i, value in enumerate(Chapter.values)),
        default=Value(len(Chapter.values)),
        output_field=IntegerField(),
    )


def filtered(obligations: QuerySet[Obligation], filters: dict[str, Any]) -> QuerySet[Obligation]:
    """`obligations` narrowed by the list's filters (organisation, chapter, report status)."""
    if filters.get("organisation"):
        obligations = obligations.filter(organisation=filters["organisation"])
    if filters.get("chapter"):
        obligations = obligations.filter(node__chapter=filters["chapter"])
    if filters.get("status"):
        obligations = with_report_status(obligations, filters["status"])
    return obligations


def grouped(obligations: QuerySet[Obligation], group: str) -> QuerySet[Obligation]:
    """`obligations` ordered by organisation or by chapter first, then in the plan's order."""
    if group == "organisation":
        return obligations.order_by("organisation__code", "node__position", "role")
    return obligations.alias(chapter_index=chapter_order()).order_by(
        "chapter_index", "node__position", "role", "organisation__code"
    )
