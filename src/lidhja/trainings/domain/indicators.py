"""Computed indicators of trainings, attached to the seed plan where it sets the targets:
Prosecution 1.(b) (number of trained officials), 1.(b).2 (50 % of active police trained by
2010, all Serious Crime Court judges trained) and Protection 2.(c).2 (a trained female
anti-trafficking officer at the border crossing points)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from lidhja.indicators.domain.computations import register
from lidhja.indicators.domain.seed import SYSTEM
from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Plan
from lidhja.trainings.domain import queries


@register(
    "trainings.people_trained",
    _("Number of participants of training events that ended in the period"),
    "number",
)
def people_trained(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return Decimal(queries.people_trained(period.start, period.end))


@register(
    "trainings.police_trained_percent",
    _("Per cent of active anti-trafficking police officers of the roster trained"),
    "percent",
)
def police_trained_percent(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return queries.police(period.end).percent


@register(
    "trainings.serious_crimes_judges_trained",
    _("Per cent of active judges of the Serious Crimes Courts trained"),
    "percent",
)
def serious_crimes_judges_trained(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return queries.serious_crimes_judges(period.end).percent


@register(
    "trainings.border_points_with_trained_female_officer",
    _("Number of border crossing points with a trained female officer"),
    "number",
)
def border_points_with_trained_female_officer(
    plan: Plan, period: ReportingPeriod
) -> Decimal | None:
    return Decimal(sum(1 for cell in queries.border_points(period.end) if cell.covered))


for _node, _names in (
    (("prosecution", "1.(b)"), ["trainings.people_trained"]),
    (
        ("prosecution", "1.(b).2"),
        ["trainings.police_trained_percent", "trainings.serious_crimes_judges_trained"],
    ),
    (("protection", "2.(c).2"), ["trainings.border_points_with_trained_female_officer"]),
):
    _current = SYSTEM.setdefault(_node, [])
    _current.extend(name for name in _names if name not in _current)
