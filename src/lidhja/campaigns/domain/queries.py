"""What the campaign pages, the API, the indicators and the mid-term report read: one query per
question, shared by all of them."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum, TextField
from django.db.models.functions import Cast

from lidhja.campaigns.domain import fields
from lidhja.campaigns.models import Campaign, CampaignStatus, ReachReport, ReachStatus
from lidhja.monitoring.domain.periods import parse_code, quarter_bounds
from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Plan

# The filters of the list, as they appear in the URL.
FILTERS = ("status", "qark", "target_group", "lead")


def _has_code(queryset: QuerySet[Any], name: str, code: str) -> QuerySet[Any]:
    """Campaigns whose list `name` holds `code`. The list is read as its JSON text, where each
    code stands between quotes, which works alike on SQLite and PostgreSQL."""
    annotated: QuerySet[Any] = queryset.annotate(**{f"{name}_text": Cast(name, TextField())})
    return annotated.filter(**{f"{name}_text__contains": f'"{code}"'})


def campaign_list(filters: dict[str, str]) -> QuerySet[Any]:
    """Campaigns matching the filters (each optional), with what the list shows."""
    queryset = Campaign.objects.select_related("lead")
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("lead"):
        queryset = queryset.filter(lead__code=filters["lead"])
    if filters.get("qark"):
        queryset = _has_code(queryset, "qarks", filters["qark"])
    if filters.get("target_group"):
        queryset = _has_code(queryset, "target_groups", filters["target_group"])
    submitted = Q(reach__status=ReachStatus.SUBMITTED)
    return queryset.annotate(people=Sum("reach__people_reached", filter=submitted)).order_by(
        "-starts_on", "code"
    )


def campaign_detail_queryset() -> QuerySet[Campaign]:
    return Campaign.objects.select_related("lead").prefetch_related(
        "partners", "activities", "materials", "events"
    )


def current(rows: Any) -> list[Any]:
    """The materials or events not withdrawn (from a prefetched relation, without a query)."""
    return [row for row in rows.all() if row.withdrawn_at is None]


def withdrawn(rows: Any) -> list[Any]:
    return [row for row in rows.all() if row.withdrawn_at is not None]


@dataclass
class ReachRow:
    quarter: str
    report: ReachReport | None
    # The events recorded on the campaign in the quarter (withdrawn ones not counted), beside
    # the number the lead organisation reports.
    recorded_events: int = 0
    recorded_participants: int = 0


@dataclass
class ReachTable:
    rows: list[ReachRow]
    totals: dict[str, int] = field(default_factory=dict)


def recorded_events(campaign: Campaign) -> dict[str, tuple[int, int]]:
    """Quarter code -> (events, participants) of the campaign's current events."""
    by_quarter: dict[str, tuple[int, int]] = {}
    for event in current(campaign.events):
        quarter = f"{event.held_on.year}Q{(event.held_on.month - 1) // 3 + 1}"
        events, people = by_quarter.get(quarter, (0, 0))
        by_quarter[quarter] = (events + 1, people + event.participants)
    return by_quarter


def reach_table(campaign: Campaign, quarters: list[str]) -> ReachTable:
    """A row per quarter the campaign ran in (with its report, or none yet, and the events
    recorded in it), and the totals of the submitted reports and of the recorded events and
    materials (withdrawn ones not counted)."""
    reports = {r.period.code: r for r in campaign.reach.select_related("period")}
    recorded = recorded_events(campaign)
    rows = [
        ReachRow(quarter, reports.get(quarter), *recorded.get(quarter, (0, 0)))
        for quarter in quarters
    ]
    totals = dict.fromkeys(fields.REACH_FIGURES, 0)
    for report in reports.values():
        if report.status == ReachStatus.SUBMITTED:
            for name in fields.REACH_FIGURES:
                totals[name] += getattr(report, name)
    totals["recorded_events"] = sum(events for events, _people in recorded.values())
    totals["recorded_participants"] = sum(people for _events, people in recorded.values())
    totals["materials_produced"] = sum(m.quantity for m in current(campaign.materials))
    return ReachTable(rows, totals)


def running_between(start: date, end: date) -> QuerySet[Campaign]:
    """Campaigns that ran between the two days: begun (not merely planned), and dated across."""
    return Campaign.objects.exclude(status=CampaignStatus.PLANNED).filter(
        starts_on__lte=end, ends_on__gte=start
    )


def running_in(period: ReportingPeriod) -> QuerySet[Campaign]:
    return running_between(period.start, period.end)


@dataclass
class OverviewRow:
    campaign: Campaign
    report: ReachReport | None

    @property
    def missing(self) -> bool:
        return self.report is None or self.report.status != ReachStatus.SUBMITTED


def reach_overview(quarter: str) -> list[OverviewRow]:
    """Each campaign that ran in the quarter (a code such as 2009Q1), with its reach report for
    it (or None)."""
    start, end = quarter_bounds(*parse_code(quarter))
    campaigns = list(
        running_between(start, end).select_related("lead").order_by("lead__code", "code")
    )
    reports = {
        r.campaign_id: r
        for r in ReachReport.objects.filter(period__code=quarter, campaign__in=campaigns)
    }
    return [OverviewRow(c, reports.get(c.pk)) for c in campaigns]


def leads_not_reported(rows: list[OverviewRow]) -> list[Any]:
    """The lead organisations with at least one campaign whose reach is not submitted."""
    leads = {row.campaign.lead.pk: row.campaign.lead for row in rows if row.missing}
    return sorted(leads.values(), key=lambda o: o.code)


def quarter_codes(first: date, last: date) -> list[str]:
    """The codes of the quarters from the one of `first` to the one of `last`, in order."""
    year, quarter = first.year, (first.month - 1) // 3 + 1
    codes = []
    while quarter_bounds(year, quarter)[0] <= last:
        codes.append(f"{year}Q{quarter}")
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return codes


def overview_quarters(today: date) -> list[str]:
    """The quarters of the overview, newest first: from the first campaign's to today's."""
    first = Campaign.objects.order_by("starts_on").values_list("starts_on", flat=True).first()
    return quarter_codes(first, today)[::-1] if first else []


def of_plan(plan: Plan) -> QuerySet[Campaign]:
    """Campaigns linked to at least one activity of the plan."""
    return Campaign.objects.filter(
        pk__in=Campaign.objects.filter(activities__plan=plan).values("pk")
    )


def reach_in(campaigns: QuerySet[Campaign], period: ReportingPeriod) -> dict[str, int]:
    """The sums of the submitted reach reports of `campaigns` for the quarter, and how many
    reports there were."""
    sums = ReachReport.objects.filter(
        period=period, status=ReachStatus.SUBMITTED, campaign__in=campaigns
    ).aggregate(**{name: Sum(name) for name in fields.REACH_FIGURES}, reports=Count("pk"))
    return {name: value or 0 for name, value in sums.items()}


def with_target_group(campaigns: QuerySet[Campaign], group: str) -> QuerySet[Campaign]:
    return _has_code(campaigns, "target_groups", group)


@dataclass
class PlanCampaign:
    campaign: Campaign
    quarters: int
    people: int
    distributed: int
    held: int


def plan_campaigns(plan: Plan) -> list[PlanCampaign]:
    """The plan's campaigns with the totals of their submitted reach, for the mid-term report."""
    submitted = Q(reach__status=ReachStatus.SUBMITTED)
    rows = (
        of_plan(plan)
        .select_related("lead")
        .annotate(
            people=Sum("reach__people_reached", filter=submitted),
            distributed=Sum("reach__materials_distributed", filter=submitted),
            held=Sum("reach__events_held", filter=submitted),
            quarters=Count("reach", filter=submitted),
        )
        .order_by("starts_on", "code")
    )
    return [
        PlanCampaign(c, c.quarters, c.people or 0, c.distributed or 0, c.held or 0) for c in rows
    ]
