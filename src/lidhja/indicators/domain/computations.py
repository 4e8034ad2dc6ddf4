"""Indicators whose values the system computes from data it holds.

A computation is a function (plan, period) -> Decimal | None registered under a name; an
indicator names it in `computation`. The case and statistics modules register theirs here too.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lidhja.indicators.models import Indicator
from lidhja.monitoring.domain.queries import compliance
from lidhja.monitoring.domain.reporting import activity_statuses
from lidhja.monitoring.models import ImplementationStatus, ReportingPeriod
from lidhja.plans.models import Level, Plan, PlanNode

ComputationFunction = Callable[[Plan, ReportingPeriod], Decimal | None]


@dataclass(frozen=True)
class Computation:
    name: str
    label: object
    unit: str
    function: ComputationFunction


REGISTRY: dict[str, Computation] = {}


def register(
    name: str, label: object, unit: str
) -> Callable[[ComputationFunction], ComputationFunction]:
    def wrap(function: ComputationFunction) -> ComputationFunction:
        REGISTRY[name] = Computation(name, label, unit, function)
        return function

    return wrap


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@register(
    "monitoring.activities_on_schedule",
    _("Per cent of activities implemented according to the NAP (on track or completed)"),
    "percent",
)
def activities_on_schedule(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    statuses = activity_statuses(plan, period)
    total = PlanNode.objects.filter(plan=plan, level=Level.ACTIVITY).count()
    good = (ImplementationStatus.ON_TRACK, ImplementationStatus.COMPLETED)
    return percent(sum(1 for status in statuses.values() if status in good), total)


@register(
    "monitoring.agencies_reporting_on_time",
    _("Per cent of agencies that submitted all their reports on time"),
    "percent",
)
def agencies_reporting_on_time(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    rows = compliance(period, plan=plan)
    return percent(sum(1 for row in rows if row.on_time == row.owed), len(rows))


def choices() -> list[tuple[str, str]]:
    return [(name, str(c.label)) for name, c in sorted(REGISTRY.items())]


def indicator_name(indicator: Indicator) -> str:
    """An indicator's name in the reader's language. A computed indicator is stored with the
    registry's wording of the day it was created; while ONAC has not renamed it, it shows the
    registry's wording in the reader's language."""
    spec = REGISTRY.get(indicator.computation) if indicator.computation else None
    if spec is None or not registry_wording(indicator):
        return str(indicator.name)
    return str(spec.label)


def registry_wording(indicator: Indicator) -> bool:
    """Whether a computed indicator still bears the registry's wording (in either language),
    that is, ONAC has not renamed it."""
    spec = REGISTRY.get(indicator.computation) if indicator.computation else None
    if spec is None:
        return False
    wordings = set()
    for language in ("en", "sq"):
        with translation.override(language):
            wordings.add(str(spec.label))
    return indicator.name in wordings
