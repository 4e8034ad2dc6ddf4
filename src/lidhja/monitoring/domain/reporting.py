"""Figures for the dashboard and the monitoring reports, each computed by a few aggregate
queries (never one query per activity or per period)."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from lidhja.monitoring.domain.figures import MONITORING_AREAS, cached
from lidhja.monitoring.domain.obligations import owed, plan_activities
from lidhja.monitoring.domain.queries import ComplianceRow, compliance, late_q, on_time_q
from lidhja.monitoring.domain.sections import Section, midterm_sections, quarterly_sections
from lidhja.monitoring.models import (
    ImplementationStatus,
    Obligation,
    ProgressReport,
    ReportingPeriod,
    ReportStatus,
)
from lidhja.organisations.models import Organisation
from lidhja.plans.models import AgencyRole, Chapter, Level, NodeAgency, Plan, PlanNode

REPORTED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
NO_REPORT = "no_report"
CLOSED = (ImplementationStatus.COMPLETED, ImplementationStatus.CANCELLED)


def _statuses(reports: QuerySet[ProgressReport]) -> dict[int, str]:
    statuses: dict[int, str] = {}
    ordered = reports.order_by("obligation__period__end", "-obligation__role")  # lead last
    for node_id, status in ordered.values_list("obligation__node_id", "implementation_status"):
        statuses[node_id] = status  # later periods, then the lead, overwrite earlier ones
    return statuses


def activity_statuses(plan: Plan, period: ReportingPeriod) -> dict[int, str]:
    """node id -> implementation status as of `period`: the lead agency's latest submitted or
    accepted report up to and including the period (a partner's when no lead reported).

    Kept with the stored figures: a report reads them in several sections (the status table,
    the chapter counts, the computed indicators) and the dashboard on every view."""
    stored = cached(
        f"statuses:{plan.code}:{period.code}",
        MONITORING_AREAS,
        lambda: {str(node): status for node, status in _read_statuses(plan, period).items()},
    )
    return {int(node): status for node, status in stored.items()}


def _read_statuses(plan: Plan, period: ReportingPeriod) -> dict[int, str]:
    """Most activities were reported on in the period itself, so that period is read first and
    earlier periods only for the activities it leaves out (not every quarter of every year)."""
    reported = ProgressReport.objects.filter(obligation__node__plan=plan, status__in=REPORTED)
    statuses = _statuses(reported.filter(obligation__period=period))
    activities = PlanNode.objects.filter(plan=plan, level=Level.ACTIVITY)
    missing = activities.exclude(pk__in=list(statuses)).values("pk")
    earlier = reported.filter(
        obligation__period__end__lt=period.start, obligation__node__in=missing
    )
    return {**_statuses(earlier), **statuses}


def status_by_chapter(
    plan: Plan, period: ReportingPeriod, statuses: dict[int, str] | None = None
) -> dict[str, Counter[str]]:
    statuses = activity_statuses(plan, period) if statuses is None else statuses
    result: dict[str, Counter[str]] = {chapter: Counter() for chapter in Chapter.values}
    for node_id, chapter in PlanNode.objects.filter(plan=plan, level=Level.ACTIVITY).values_list(
        "pk", "chapter"
    ):
        result[chapter][statuses.get(node_id, NO_REPORT)] += 1
    return result


@dataclass(frozen=True)
class TrendPoint:
    period: ReportingPeriod
    owed: int
    on_time: int
    late: int

    @property
    def on_time_percent(self) -> float | None:
        return round(100 * self.on_time / self.owed, 1) if self.owed else None


def compliance_trend(
    plan: Plan, until: ReportingPeriod | None = None, organisation: Organisation | None = None
) -> list[TrendPoint]:
    """Reports owed, on time and late per period (of one organisation, if given), from one
    grouped query."""
    obligations = Obligation.objects.filter(node__plan=plan)
    if organisation is not None:
        obligations = obligations.filter(organisation=organisation)
    if until is not None:
        obligations = obligations.filter(period__end__lte=until.end)
    rows = list(
        obligations.values("period")
        .annotate(
            owed=Count("pk"),
            on_time=Count("pk", filter=on_time_q()),
            late=Count("pk", filter=late_q()),
        )
        .order_by()
    )
    periods = ReportingPeriod.objects.in_bulk([row["period"] for row in rows])
    points = [
        TrendPoint(periods[row["period"]], row["owed"], row["on_time"], row["late"]) for row in rows
    ]
    return sorted(points, key=lambda point: (point.period.year, point.period.quarter))


def status_label(status: str) -> str:
    return str(_("No report")) if status == NO_REPORT else str(ImplementationStatus(status).label)


@dataclass(frozen=True)
class ActivityLine:
    """An activity with its lead agencies and its implementation status as of a period."""

    node: PlanNode
    lead: str
    status: str

    @property
    def status_label(self) -> str:
        return status_label(self.status)


AT_RISK = (ImplementationStatus.DELAYED, ImplementationStatus.NOT_STARTED, NO_REPORT)


def activity_lines(
    plan: Plan, period: ReportingPeriod, statuses: dict[int, str] | None = None
) -> list[ActivityLine]:
    """Every activity of `plan` with its lead agencies and its status as of `period`."""
    statuses = activity_statuses(plan, period) if statuses is None else statuses
    leads = NodeAgency.objects.filter(role=AgencyRole.LEAD).select_related("organisation")
    nodes = (
        PlanNode.objects.filter(plan=plan, level=Level.ACTIVITY)
        .order_by("position")
        .prefetch_related(Prefetch("agency_links", queryset=leads, to_attr="leads"))
    )
    return [
        ActivityLine(
            node,
            ", ".join(link.organisation.short_name for link in node.leads),
            statuses.get(node.pk, NO_REPORT),
        )
        for node in nodes
    ]


def overdue_activities(
    plan: Plan, period: ReportingPeriod, lines: list[ActivityLine] | None = None
) -> list[ActivityLine]:
    """Activities whose due date passed by the end of `period` and that are not closed."""
    lines = activity_lines(plan, period) if lines is None else lines
    return [
        line
        for line in lines
        if line.node.due_end and line.node.due_end < period.end and line.status not in CLOSED
    ]


def other_activities(lines: list[ActivityLine], overdue: list[ActivityLine]) -> list[ActivityLine]:
    """The activities that are not overdue: with `overdue`, every activity once (the
    documents print each activity's text once)."""
    listed = {line.node.pk for line in overdue}
    return [line for line in lines if line.node.pk not in listed]


def at_risk_activities(
    plan: Plan, period: ReportingPeriod, lines: list[ActivityLine] | None = None
) -> list[ActivityLine]:
    """Activities due within the next quarter whose status is delayed, not started or unknown."""
    lines = activity_lines(plan, period) if lines is None else lines
    after, until = at_risk_window(period)
    return [
        line
        for line in lines
        if line.node.due_end and after < line.node.due_end <= until and line.status in AT_RISK
    ]


def at_risk_window(period: ReportingPeriod) -> tuple[date, date]:
    """Activities due after the period's end and within the next quarter may be at risk."""
    return period.end, period.end + timedelta(days=92)


def at_risk_count(plan: Plan, period: ReportingPeriod) -> int:
    """len(at_risk_activities(plan, period)), reading only the activities due in the window
    (the home page's count, without building every activity's line)."""
    after, until = at_risk_window(period)
    due = list(
        PlanNode.objects.filter(
            plan=plan, level=Level.ACTIVITY, due_end__gt=after, due_end__lte=until
        ).values_list("pk", flat=True)
    )
    if not due:
        return 0
    statuses = activity_statuses(plan, period)
    return sum(statuses.get(pk, NO_REPORT) in AT_RISK for pk in due)


def spend_by_chapter(
    plan: Plan, until: ReportingPeriod | None = None
) -> dict[tuple[str, str], Decimal]:
    """(chapter, currency) -> expenditure reported in submitted or accepted reports."""
    reports = ProgressReport.objects.filter(
        obligation__node__plan=plan, status__in=REPORTED, expenditure__isnull=False
    )
    if until is not None:
        reports = reports.filter(obligation__period__end__lte=until.end)
    rows = reports.values("obligation__node__chapter", "currency").annotate(
        total=Sum("expenditure")
    )
    return {(r["obligation__node__chapter"], r["currency"]): r["total"] for r in rows.order_by()}


def _owed_in(plan: Plan | None = None) -> Exists:
    obligations = Obligation.objects.filter(period=OuterRef("pk"))
    if plan is not None:
        obligations = obligations.filter(node__plan=plan)
    return Exists(obligations)


def latest_period(plan: Plan, today: date | None = None) -> ReportingPeriod | None:
    periods = ReportingPeriod.objects.filter(_owed_in(plan))
    if today is not None:
        periods = periods.filter(start__lte=today)
    return periods.order_by("-year", "-quarter").first()


def period_codes() -> list[str]:
    """The codes of the periods in which any report is owed, the newest first."""
    periods = ReportingPeriod.objects.filter(_owed_in()).order_by("-year", "-quarter")
    return list(periods.values_list("code", flat=True))


@dataclass(frozen=True)
class Totals:
    owed: int
    on_time: int
    late: int
    unsubmitted: int
    accepted: int

    @property
    def on_time_percent(self) -> float | None:
        return round(100 * self.on_time / self.owed, 1) if self.owed else None


@dataclass(frozen=True)
class QuarterlyReport:
    plan: Plan
    period: ReportingPeriod
    totals: Totals
    compliance: list[ComplianceRow]
    by_chapter: dict[str, Counter[str]]
    overdue: list[ActivityLine]
    activities: list[ActivityLine]
    at_risk: list[ActivityLine]
    sections: list[Section] = field(default_factory=list)


@dataclass(frozen=True)
class MidtermReport:
    plan: Plan
    period: ReportingPeriod
    by_chapter: dict[str, Counter[str]]
    trend: list[TrendPoint]
    overdue: list[ActivityLine]
    activities: list[ActivityLine]
    spend: dict[tuple[str, str], Decimal]
    sections: list[Section] = field(default_factory=list)

    @property
    def others(self) -> list[ActivityLine]:
        return other_activities(self.activities, self.overdue)


def quarterly_report(plan: Plan, period: ReportingPeriod) -> QuarterlyReport:
    rows = compliance(period, plan=plan)
    totals = Totals(
        owed=sum(r.owed for r in rows),
        on_time=sum(r.on_time for r in rows),
        late=sum(r.late for r in rows),
        unsubmitted=sum(r.unsubmitted for r in rows),
        accepted=sum(r.accepted for r in rows),
    )
    statuses = activity_statuses(plan, period)  # read once, used by every section
    lines = activity_lines(plan, period, statuses)
    return QuarterlyReport(
        plan,
        period,
        totals,
        rows,
        status_by_chapter(plan, period, statuses),
        overdue_activities(plan, period, lines),
        lines,
        at_risk_activities(plan, period, lines),
        quarterly_sections(plan, period),
    )


def midterm_report(
    plan: Plan, period: ReportingPeriod, lines: list[ActivityLine] | None = None
) -> MidtermReport:
    """`lines`: the activities' lines of `plan` as of `period`, when the caller has read them."""
    statuses = activity_statuses(plan, period)  # read once, used by every section
    lines = activity_lines(plan, period, statuses) if lines is None else lines
    return MidtermReport(
        plan,
        period,
        status_by_chapter(plan, period, statuses),
        compliance_trend(plan, until=period),
        overdue_activities(plan, period, lines),
        lines,
        spend_by_chapter(plan, until=period),
        midterm_sections(plan, period),
    )


@dataclass(frozen=True)
class CardLine:
    node: PlanNode
    role: str
    status: str

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def role_label(self) -> str:
        """Lead or partner agency, from the plan's vocabulary."""
        return str(AgencyRole(self.role).label)


@dataclass(frozen=True)
class ReportCard:
    """One organisation's record: its reporting per period and its activities' status."""

    plan: Plan
    period: ReportingPeriod
    organisation: Organisation
    trend: list[TrendPoint]
    lines: list[CardLine]


def report_card(plan: Plan, period: ReportingPeriod, organisation: Organisation) -> ReportCard:
    trend = compliance_trend(plan, until=period, organisation=organisation)
    statuses = activity_statuses(plan, period)
    # Its own links and those of the classes it is a member of, as obligations are derived.
    roles = {
        node_id: role
        for (node_id, org_id), (role, _via) in owed(plan, plan_activities(plan)).items()
        if org_id == organisation.pk
    }
    nodes = PlanNode.objects.filter(pk__in=roles).order_by("position")
    lines = [CardLine(node, roles[node.pk], statuses.get(node.pk, NO_REPORT)) for node in nodes]
    return ReportCard(plan, period, organisation, trend, lines)
