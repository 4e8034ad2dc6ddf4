"""Computed indicators of awareness campaigns, attached to the Prevention items of the seed
plan that ask for them. Reach counts the reports the lead organisations submitted for the
quarter (a draft or a returned report does not count); a quarter without any submitted report
has no value rather than a zero nobody reported."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from lidhja.campaigns.domain.queries import of_plan, reach_in, running_in, with_target_group
from lidhja.campaigns.models import TargetGroup
from lidhja.indicators.domain.computations import register
from lidhja.indicators.domain.seed import SYSTEM
from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Plan


def _reported(plan: Plan, period: ReportingPeriod, figure: str, **kwargs: str) -> Decimal | None:
    campaigns = of_plan(plan)
    if kwargs.get("group"):
        campaigns = with_target_group(campaigns, kwargs["group"])
    sums = reach_in(campaigns, period)
    return Decimal(sums[figure]) if sums["reports"] else None


@register(
    "campaigns.people_reached",
    _("Number of people reached by awareness campaigns in the quarter (reported)"),
    "number",
)
def people_reached(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return _reported(plan, period, "people_reached")


@register(
    "campaigns.running",
    _("Number of awareness campaigns running in the quarter"),
    "number",
)
def running(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return Decimal(running_in(period).filter(pk__in=of_plan(plan).values("pk")).count())


@register(
    "campaigns.materials_distributed",
    _("Number of awareness materials distributed in the quarter (reported)"),
    "number",
)
def materials_distributed(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return _reported(plan, period, "materials_distributed")


@register(
    "campaigns.events_held",
    _("Number of awareness events held in the quarter (reported)"),
    "number",
)
def events_held(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return _reported(plan, period, "events_held")


@register(
    "campaigns.youth_reached",
    _("Number of children and young people reached by campaigns aimed at them (reported)"),
    "number",
)
def youth_reached(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return _reported(plan, period, "people_reached", group=TargetGroup.CHILDREN_YOUTH)


# Where the seed plan asks for them: campaigns implemented and monitored (Prevention 1.(a).1),
# the existence of campaigns for the general public (1.(a).3), materials distributed to all
# actors (1.(a).5), and the outreach to pupils (1.(b), target "increase the outreach").
for _node, _names in (
    (
        ("prevention", "1.(a).1"),
        ["campaigns.running", "campaigns.people_reached", "campaigns.events_held"],
    ),
    (("prevention", "1.(a).3"), ["campaigns.running"]),
    (("prevention", "1.(a).5"), ["campaigns.materials_distributed"]),
    (("prevention", "1.(b)"), ["campaigns.youth_reached"]),
):
    SYSTEM.setdefault(_node, []).extend(_names)
