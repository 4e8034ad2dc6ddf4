"""Computed plan indicators of the co-ordination bodies (Coordination 1.(a).4, 1.(b).4,
1.(c).2.1): whether a body kept its rhythm, meetings held, decisions closed."""

from calendar import monthrange
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from lidhja.coordination.models import Decision, DecisionStatus, Meeting, MeetingStatus
from lidhja.indicators.domain.computations import percent, register
from lidhja.indicators.domain.seed import SYSTEM
from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Plan

YES, NO = Decimal(1), Decimal(0)


def _quarter(year: int, quarter: int) -> tuple[date, date]:
    last_month = 3 * quarter
    return date(year, last_month - 2, 1), date(year, last_month, monthrange(year, last_month)[1])


def _met_in_every(body: str, windows: list[tuple[date, date]]) -> Decimal:
    held = Meeting.objects.filter(body__code=body, status=MeetingStatus.HELD)
    return YES if all(held.filter(date__range=w).exists() for w in windows) else NO


def _quarters_so_far(period: ReportingPeriod) -> list[tuple[date, date]]:
    """Each quarter of the period's year up to the period's own, as (first day, last day)."""
    return [_quarter(period.year, q) for q in range(1, period.quarter + 1)]


@register(
    "coordination.task_force_quarterly",
    _("The National Task Force met at least once in every quarter of the year so far (yes/no)"),
    "yes_no",
)
def task_force_quarterly(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    """Yes when the Task Force held a meeting in every quarter of the period's year up to the
    period's quarter (Coordination 1.(b).4: "at least quarterly meetings held")."""
    return _met_in_every("NTF", _quarters_so_far(period))


@register(
    "coordination.donors_quarterly",
    _("ONAC met international organisations and donors in every quarter of the year so far"),
    "yes_no",
)
def donors_quarterly(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return _met_in_every("DONORS", _quarters_so_far(period))


@register(
    "coordination.state_committee_twice_yearly",
    _("The State Committee met in every half-year completed so far this year (yes/no)"),
    "yes_no",
)
def state_committee_twice_yearly(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    """Bi-annual meetings (Coordination 1.(c).2.1): a meeting in each half-year of the
    period's year that has ended by the period's end; none has ended in the first quarter."""
    if period.quarter < 2:
        return None
    halves = [(date(period.year, 1, 1), date(period.year, 6, 30))]
    if period.quarter == 4:
        halves.append((date(period.year, 7, 1), date(period.year, 12, 31)))
    return _met_in_every("SC", halves)


@register(
    "coordination.meetings_held",
    _("Number of meetings of the co-ordination bodies held in the period"),
    "number",
)
def meetings_held(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    held = Meeting.objects.filter(status=MeetingStatus.HELD, date__range=(period.start, period.end))
    return Decimal(held.count())


@register(
    "coordination.decisions_closed_percent",
    _("Per cent of the bodies' decisions due by the period's end that were done by then"),
    "percent",
)
def decisions_closed_percent(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    """Decisions due by the period's end, cancelled ones left out (nothing was owed), and the
    share of them done by the period's end. None when none was due."""
    due = Decision.objects.filter(due_date__lte=period.end).exclude(
        status=DecisionStatus.CANCELLED, closed_on__lte=period.end
    )
    done = due.filter(status=DecisionStatus.DONE, closed_on__lte=period.end).count()
    return percent(done, due.count())


# Where the seed plan asks for them.
for _node, _names in (
    (("coordination", "1.(a).4"), ["coordination.donors_quarterly"]),
    (("coordination", "1.(b).4"), ["coordination.task_force_quarterly"]),
    (
        ("coordination", "1.(c).2.1"),
        [
            "coordination.task_force_quarterly",
            "coordination.state_committee_twice_yearly",
            "coordination.meetings_held",
            "coordination.decisions_closed_percent",
        ],
    ),
):
    SYSTEM.setdefault(_node, []).extend(_names)
