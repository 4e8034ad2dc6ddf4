"""Computed plan indicators of the regional situation assessments (Coordination 2.(a).1.4 and
4.(a).1.1, Prevention 3.(b).1): counts of committees, not of persons, so nothing is
suppressed. A period counts the assessments of the half-year that contains it."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from lidhja.indicators.domain.computations import percent, register
from lidhja.indicators.domain.seed import SYSTEM
from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Plan
from lidhja.regional.domain.halves import Half
from lidhja.regional.domain.queries import SUBMITTED, rcats
from lidhja.regional.models import Assessment


def _submitted(period: ReportingPeriod) -> int:
    """Active committees whose assessment of the period's half-year is submitted or accepted."""
    half = Half.of_quarter(period.year, period.quarter)
    return (
        Assessment.objects.filter(
            organisation__in=rcats().filter(is_active=True),
            year=half.year,
            half=half.half,
            status__in=SUBMITTED,
        )
        .values("organisation")
        .distinct()
        .count()
    )


@register(
    "regional.assessments_submitted",
    _("Number of regional committees whose situation assessment of the half-year is submitted"),
    "number",
)
def assessments_submitted(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return Decimal(_submitted(period))


@register(
    "regional.assessments_submitted_percent",
    _(
        "Per cent of active regional committees whose situation assessment of the half-year "
        "is submitted"
    ),
    "percent",
)
def assessments_submitted_percent(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return percent(_submitted(period), rcats().filter(is_active=True).count())


NAMES = ["regional.assessments_submitted", "regional.assessments_submitted_percent"]
for _node in (
    ("coordination", "2.(a).1.4"),
    ("coordination", "4.(a).1.1"),
    ("prevention", "3.(b).1"),
):
    SYSTEM.setdefault(_node, []).extend(name for name in NAMES if name not in SYSTEM.get(_node, []))
