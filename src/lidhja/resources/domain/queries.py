"""Plan against spend, in lek, by chapter and by organisation, and the share paid from
national funds (state and local budgets) against the plan's target."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from lidhja.monitoring.domain.figures import MONITORING_AREAS, cached
from lidhja.monitoring.models import FundingSource, ProgressReport, ReportStatus
from lidhja.plans.models import Plan
from lidhja.resources.models import ExchangeRate, ResourcePlanLine

NATIONAL = (FundingSource.STATE, FundingSource.LOCAL)
NATIONAL_TARGET = Decimal(50)  # per cent: "≥50% of implemented measures covered by national funds"


@dataclass
class Totals:
    planned: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)


@dataclass
class ResourceSummary:
    year: int
    by_chapter: dict[str, Totals] = field(default_factory=lambda: defaultdict(Totals))
    by_organisation: dict[str, Totals] = field(default_factory=lambda: defaultdict(Totals))
    national_spent: Decimal = Decimal(0)
    total_spent: Decimal = Decimal(0)
    missing_rates: set[str] = field(default_factory=set)

    @property
    def national_share(self) -> Decimal | None:
        if not self.total_spent:
            return None
        return (100 * self.national_spent / self.total_spent).quantize(Decimal("0.1"))

    @property
    def meets_target(self) -> bool | None:
        share = self.national_share
        return None if share is None else share >= NATIONAL_TARGET


def _rates(years: list[int]) -> dict[int, dict[str, Decimal]]:
    rates: dict[int, dict[str, Decimal]] = {year: {"ALL": Decimal(1)} for year in years}
    for year, currency, lek in ExchangeRate.objects.filter(year__in=years).values_list(
        "year", "currency", "lek"
    ):
        rates[year][currency] = lek
    return rates


def _lek(
    amount: Decimal, currency: str, rates: dict[str, Decimal], missing: set[str]
) -> Decimal | None:
    if currency not in rates:
        missing.add(currency)  # never guessed: the amount stays out of the totals
        return None
    return (amount * rates[currency]).quantize(Decimal("0.01"))


def resource_summaries(plan: Plan, years: list[int]) -> dict[int, ResourceSummary]:
    """One summary per year, from two grouped queries whatever the number of years."""
    summaries = {year: ResourceSummary(year) for year in years}
    rates = _rates(years)
    planned = (
        ResourcePlanLine.objects.filter(node__plan=plan, year__in=years)
        .values("year", "node__chapter", "organisation__code", "currency")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in planned:
        summary = summaries[row["year"]]
        lek = _lek(row["total"], row["currency"], rates[row["year"]], summary.missing_rates)
        if lek is not None:
            summary.by_chapter[row["node__chapter"]].planned += lek
            summary.by_organisation[row["organisation__code"]].planned += lek
    spent = (
        ProgressReport.objects.filter(
            obligation__node__plan=plan,
            obligation__period__year__in=years,
            status__in=(ReportStatus.SUBMITTED, ReportStatus.ACCEPTED),
            expenditure__isnull=False,
        )
        .values(
            "obligation__period__year",
            "obligation__node__chapter",
            "obligation__organisation__code",
            "currency",
            "funding_source",
        )
        .annotate(total=Sum("expenditure"))
        .order_by()
    )
    for row in spent:
        year = row["obligation__period__year"]
        summary = summaries[year]
        lek = _lek(row["total"], row["currency"], rates[year], summary.missing_rates)
        if lek is None:
            continue
        summary.by_chapter[row["obligation__node__chapter"]].spent += lek
        summary.by_organisation[row["obligation__organisation__code"]].spent += lek
        summary.total_spent += lek
        if row["funding_source"] in NATIONAL:
            summary.national_spent += lek
    return summaries


def resource_summary(plan: Plan, year: int) -> ResourceSummary:
    return resource_summaries(plan, [year])[year]


def _as_json(summary: ResourceSummary) -> dict[str, Any]:
    def totals(found: dict[str, Totals]) -> dict[str, list[str]]:
        return {key: [str(t.planned), str(t.spent)] for key, t in found.items()}

    return {
        "by_chapter": totals(summary.by_chapter),
        "by_organisation": totals(summary.by_organisation),
        "national_spent": str(summary.national_spent),
        "total_spent": str(summary.total_spent),
        "missing_rates": sorted(summary.missing_rates),
    }


def _from_json(year: int, found: dict[str, Any]) -> ResourceSummary:
    summary = ResourceSummary(year)
    for name in ("by_chapter", "by_organisation"):
        for key, (planned, spent) in found[name].items():
            getattr(summary, name)[key] = Totals(Decimal(planned), Decimal(spent))
    summary.national_spent = Decimal(found["national_spent"])
    summary.total_spent = Decimal(found["total_spent"])
    summary.missing_rates = set(found["missing_rates"])
    return summary


def stored_resource_summary(plan: Plan, year: int) -> ResourceSummary:
    """`resource_summary`, kept until the next write to monitoring or resources data
    (monitoring.domain.figures): it reads every report of the year."""
    found = cached(
        f"resources:{plan.code}:{year}",
        MONITORING_AREAS,
        lambda: _as_json(resource_summary(plan, year)),
    )
    return _from_json(year, found)
