"""The headline figures of the national dashboard, per plan and period.

Each tile's figure is computed by a few aggregate queries and kept (monitoring.domain.figures)
until the data it is made from change; the page reads one stored row per group of figures.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings

from lidhja.cases.models.choices import CaseStatus
from lidhja.monitoring.domain.figures import MONITORING_AREAS, VICTIM_AREAS, cached
from lidhja.monitoring.domain.queries import compliance
from lidhja.monitoring.domain.reporting import activity_lines, at_risk_activities
from lidhja.monitoring.models import ImplementationStatus, Obligation, ReportingPeriod, ReportStatus
from lidhja.plans.models import Plan
from lidhja.publication.domain.periods import Period
from lidhja.publication.domain.releases import count_cells, period_lines, published
from lidhja.publication.domain.suppression import decide
from lidhja.publication.domain.tables import PERSONS, TABLES
from lidhja.resources.domain.queries import NATIONAL_TARGET, stored_resource_summary


@dataclass(frozen=True)
class Tiles:
    """The dashboard's headline figures for a plan as of a period."""

    owed: int
    on_time: int
    delayed: int
    at_risk: int
    delayed_or_at_risk: int
    to_review: int
    national_share: Decimal | None  # per cent of the year's reported spending; None: none
    victims: int | None  # identified victims of the quarter; None: suppressed

    @property
    def on_time_percent(self) -> Decimal | None:
        if not self.owed:
            return None
        return (Decimal(100) * self.on_time / self.owed).quantize(Decimal("0.1"))

    @property
    def national_target(self) -> Decimal:
        return NATIONAL_TARGET

    @property
    def meets_national_target(self) -> bool | None:
        share = self.national_share
        return None if share is None else share >= NATIONAL_TARGET


def monitoring_figures(plan: Plan, period: ReportingPeriod) -> dict[str, Any]:
    """Every tile but the victims', as JSON (computed from the monitoring areas)."""
    rows = compliance(period, plan=plan)
    lines = activity_lines(plan, period)
    delayed = {line.node.pk for line in lines if line.status == ImplementationStatus.DELAYED}
    at_risk = {line.node.pk for line in at_risk_activities(plan, period, lines)}
    to_review = Obligation.objects.filter(
        period=period, node__plan=plan, report__status=ReportStatus.SUBMITTED
    ).count()
    share = stored_resource_summary(plan, period.year).national_share
    return {
        "owed": sum(row.owed for row in rows),
        "on_time": sum(row.on_time for row in rows),
        "delayed": len(delayed),
        "at_risk": len(at_risk),
        "delayed_or_at_risk": len(delayed | at_risk),
        "to_review": to_review,
        "national_share": None if share is None else str(share),
    }


VICTIM_TABLES = ("victims.status", PERSONS[0])


def identified_victims(year: int, quarter: int) -> int | None:
    """Persons identified as victims in a quarter: as published, or, for a quarter not yet
    published, counted now and decided by the statistics' own suppression
    (`publication.domain.suppression.decide`) over the status table and its total. None: the
    count is below the publication threshold, or hidden to protect another cell."""
    period = Period(year, quarter)
    release = published(period)
    if release is not None:
        return release.count("victims.status", CaseStatus.IDENTIFIED)
    specs = [TABLES[code] for code in VICTIM_TABLES]
    counts = {(period.code, *key): n for key, n in count_cells(period, specs).items()}
    threshold = settings.LIDHJA_PUBLICATION_THRESHOLD
    hidden = decide(counts, period_lines(period.code, specs), threshold)
    cell = (period.code, "victims.status", CaseStatus.IDENTIFIED.value)
    return None if cell in hidden else counts[cell]


def tiles(plan: Plan, period: ReportingPeriod) -> Tiles:
    key = f"{plan.code}:{period.code}"
    figures = cached(f"dashboard:{key}", MONITORING_AREAS, lambda: monitoring_figures(plan, period))
    victims = cached(
        f"victims:{period.code}",
        VICTIM_AREAS,
        lambda: {"identified": identified_victims(period.year, period.quarter)},
    )
    share = figures["national_share"]
    return Tiles(
        owed=figures["owed"],
        on_time=figures["on_time"],
        delayed=figures["delayed"],
        at_risk=figures["at_risk"],
        delayed_or_at_risk=figures["delayed_or_at_risk"],
        to_review=figures["to_review"],
        national_share=None if share is None else Decimal(share),
        victims=victims["identified"],
    )
