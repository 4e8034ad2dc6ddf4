"""Reading monitoring data: scoped obligation lists and reporting compliance."""

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from lidhja.accounts.domain.permissions import Scope, scope_of
from lidhja.accounts.models import User
from lidhja.monitoring.models import Obligation, ReportingPeriod, ReportStatus
from lidhja.organisations.models import Organisation
from lidhja.plans.models import Chapter, Plan


def obligations_for(user: User, period: ReportingPeriod) -> QuerySet[Obligation]:
    """The obligations of `period` that `user` may see: all, or their organisation's only."""
    scope = scope_of(user, "monitoring.view")
    qs = (
        Obligation.objects.filter(period=period)
        .select_related("node", "organisation", "via", "report")
        .order_by("node__position", "role", "organisation__code")
    )
    if scope is Scope.ALL:
        return qs
    if scope is Scope.OWN and user.organisation_id is not None:
        return qs.filter(organisation_id=user.organisation_id)
    return qs.none()


def on_time_q() -> Q:
    """An obligation first reported on by the due date of its own period (local calendar day)."""
    return Q(report__submitted_on__lte=F("period__due_date"))


def late_q() -> Q:
    return Q(report__submitted_on__gt=F("period__due_date"))


@dataclass(frozen=True)
class Compliance:
    """Reports owed, on time, late, not (yet) submitted and accepted, of one row."""

    owed: int
    on_time: int
    late: int
    unsubmitted: int
    accepted: int
    overdue: bool  # the due date has passed, so unsubmitted reports are missing

    @property
    def on_time_percent(self) -> float | None:
        return round(100 * self.on_time / self.owed, 1) if self.owed else None


@dataclass(frozen=True)
class ComplianceRow(Compliance):
    organisation: Organisation


@dataclass(frozen=True)
class ChapterCompliance(Compliance):
    chapter: str
    organisation: None = None  # a row of a chapter names no organisation

    @property
    def chapter_label(self) -> str:
        return str(Chapter(self.chapter).label)


def compliance_counts(
    period: ReportingPeriod,
    organisations: QuerySet[Organisation] | None = None,
    plan: Plan | None = None,
    *,
    by: str = "organisation",
    chapter: str = "",
) -> list[dict[str, Any]]:
    """Per organisation (or per chapter): reports owed, submitted on time, late, accepted, as
    plain values (`key` is the organisation's id or the chapter), from one grouped query."""
    qs = Obligation.objects.filter(period=period)
    if plan is not None:
        qs = qs.filter(node__plan=plan)
    if organisations is not None:
        qs = qs.filter(organisation__in=organisations)
    if chapter:
        qs = qs.filter(node__chapter=chapter)
    field = "organisation" if by == "organisation" else "node__chapter"
    rows = (
        qs.values(field)
        .annotate(
            owed=Count("pk"),
            on_time=Count("pk", filter=on_time_q()),
            late=Count("pk", filter=late_q()),
            accepted=Count("pk", filter=Q(report__status=ReportStatus.ACCEPTED)),
        )
        .order_by()
    )
    return [
        {"key": row[field], **{k: row[k] for k in ("owed", "on_time", "late", "accepted")}}
        for row in rows
    ]


def _figures(counts: dict[str, Any], overdue: bool) -> dict[str, Any]:
    return {
        "owed": counts["owed"],
        "on_time": counts["on_time"],
        "late": counts["late"],
        "unsubmitted": counts["owed"] - counts["on_time"] - counts["late"],
        "accepted": counts["accepted"],
        "overdue": overdue,
    }


def compliance_rows(period: ReportingPeriod, counts: list[dict[str, Any]]) -> list[ComplianceRow]:
    """The rows of `compliance_counts` per organisation: the most missing first, then by
    code."""
    overdue = timezone.localdate() > period.due_date
    orgs = Organisation.objects.in_bulk([c["key"] for c in counts])
    rows = [ComplianceRow(organisation=orgs[c["key"]], **_figures(c, overdue)) for c in counts]
    return sorted(rows, key=lambda r: (-(r.unsubmitted if r.overdue else 0), r.organisation.code))


def chapter_rows(period: ReportingPeriod, counts: list[dict[str, Any]]) -> list[ChapterCompliance]:
    """The rows of `compliance_counts` per chapter, in the plan's order."""
    overdue = timezone.localdate() > period.due_date
    rows = [ChapterCompliance(chapter=c["key"], **_figures(c, overdue)) for c in counts]
    return sorted(rows, key=lambda r: Chapter.values.index(r.chapter))


def compliance(
    period: ReportingPeriod,
    organisations: QuerySet[Organisation] | None = None,
    plan: Plan | None = None,
) -> list[ComplianceRow]:
    """Per organisation: reports owed, submitted on time, late, not (yet) submitted, accepted."""
    return compliance_rows(period, compliance_counts(period, organisations, plan))


def review_queue(period: ReportingPeriod) -> QuerySet[Obligation]:
    return (
        Obligation.objects.filter(period=period, report__status=ReportStatus.SUBMITTED)
        .select_related("node", "organisation", "via", "report")
        .order_by("report__last_submitted_at")
    )


def latest_period(organisation: Organisation | None = None) -> ReportingPeriod | None:
    """The newest period in which reports are owed (by `organisation`, if given): the period
    the home pages call "this period"."""
    owed = Obligation.objects.filter(period=OuterRef("pk"))
    if organisation is not None:
        owed = owed.filter(organisation=organisation)
    return ReportingPeriod.objects.filter(Exists(owed)).order_by("-year", "-quarter").first()


NOT_STARTED = "none"


def with_report_status(obligations: QuerySet[Obligation], status: str) -> QuerySet[Obligation]:
    """The obligations whose report has `status`; NOT_STARTED ("none"): no report yet. The
    obligation list's filter and the home page's counts both read it."""
    if status == NOT_STARTED:
        return obligations.filter(report__isnull=True)
    return obligations.filter(report__status=status)


def status_counts(obligations: QuerySet[Obligation]) -> dict[str, int]:
    """Report status (NOT_STARTED for none) -> number of `obligations`, in one query."""
    rows = obligations.order_by().values_list("report__status").annotate(n=Count("pk"))
    return {status or NOT_STARTED: n for status, n in rows}


R = TypeVar("R", bound=Compliance)


def missing_reports(rows: list[R]) -> list[R]:
    """The rows of a compliance table (organisations or chapters) whose reports are missing
    (due date passed)."""
    return [row for row in rows if row.overdue and row.unsubmitted]


def waiting_for_review() -> list[tuple[ReportingPeriod, int]]:
    """Each period with submitted reports waiting for ONAC, newest first, with their number."""
    rows = (
        Obligation.objects.filter(report__status=ReportStatus.SUBMITTED)
        .values_list("period")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict(rows)
    periods = ReportingPeriod.objects.filter(pk__in=counts).order_by("-year", "-quarter")
    return [(period, counts[period.pk]) for period in periods]


# The order ONAC reviews in: oldest period first, then the report submitted first.
REVIEW_ORDER = ("period__year", "period__quarter", "report__last_submitted_at", "pk")
WITHIN_PERIOD = REVIEW_ORDER[2:]


def next_to_review(after: Obligation) -> Obligation | None:
    """The report waiting for review that comes after `after` in REVIEW_ORDER, else the first
    one waiting (never `after` itself): the "next report" offered after each review.

    Looked up period by period (the first period holding a waiting report, then the first
    report in it), so that ten years of reports are never sorted whole."""
    waiting = Obligation.objects.filter(report__status=ReportStatus.SUBMITTED).exclude(pk=after.pk)
    report = after.report_or_none
    if report is not None and report.last_submitted_at is not None:
        submitted = report.last_submitted_at
        following = _first(
            waiting.filter(period=after.period_id, report__last_submitted_at__gte=submitted)
            # (the bound above lets the (status, last_submitted_at) index serve the range)
            .filter(Q(report__last_submitted_at__gt=submitted) | Q(pk__gt=after.pk))
        )
        if following is not None:
            return following
        year, quarter = after.period.year, after.period.quarter
        later = Q(year__gt=year) | Q(year=year, quarter__gt=quarter)
        if (found := _first_waiting(waiting, later)) is not None:
            return found
    return _first_waiting(waiting, Q())


def _first(waiting: QuerySet[Obligation]) -> Obligation | None:
    """The first of `waiting` in REVIEW_ORDER within a period, with what the page shows of it.

    Only the keys are sorted; the chosen row is joined to its period, activity and
    organisation afterwards (sorting the joined rows took four times as long)."""
    first = waiting.order_by(*WITHIN_PERIOD).values("pk")[:1]
    return (
        Obligation.objects.select_related("period", "node", "organisation")
        .filter(pk=Subquery(first))
        .first()
    )


def _first_waiting(waiting: QuerySet[Obligation], periods: Q) -> Obligation | None:
    """The first of `waiting` in the earliest of `periods` that holds one."""
    period = (
        ReportingPeriod.objects.filter(periods)
        .filter(Exists(waiting.filter(period=OuterRef("pk"))))
        .order_by("year", "quarter")
        .values_list("pk", flat=True)
        .first()
    )
    if period is None:
        return None
    return _first(waiting.filter(period=period))
