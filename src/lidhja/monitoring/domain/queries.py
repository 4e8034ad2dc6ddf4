"""Reading monitoring data: scoped obligation lists and reporting compliance."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
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
class ComplianceRow:
    organisation: Organisation | None  # None in a row per chapter
    owed: int
    on_time: int
    late: int
    unsubmitted: int
    accepted: int
    overdue: bool  # the due date has passed, so unsubmitted reports are missing
    chapter: str = ""  # in a row per chapter

    @property
    def on_time_percent(self) -> float | None:
        return round(100 * self.on_time / self.owed, 1) if self.owed else None

    @property
    def chapter_label(self) -> str:
        return str(Chapter(self.chapter).label) if self.chapter else ""


def compliance_counts(
    period: ReportingPeriod,
    organisations: QuerySet[Organisation] | None = None,
    plan: Plan | None = None,
    *,
    by: str = "organisation",
    chapter: str = "",
) -> list[dict]:
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


def compliance_rows(period: ReportingPeriod, counts: list[dict], by: str) -> list[ComplianceRow]:
    """The rows of `compliance_counts`: organisations the most missing first, then by code;
    chapters in the plan's order."""
    overdue = timezone.localdate() > period.due_date
    orgs = Organisation.objects.in_bulk([c["key"] for c in counts]) if by == "organisation" else {}
    result = [
        ComplianceRow(
            organisation=orgs.get(c["key"]),
            owed=c["owed"],
            on_time=c["on_time"],
            late=c["late"],
            unsubmitted=c["owed"] - c["on_time"] - c["late"],
            accepted=c["accepted"],
            overdue=overdue,
            chapter="" if by == "organisation" else c["key"],
        )
        for c in counts
    ]
    if by != "organisation":
        return sorted(result, key=lambda r: Chapter.values.index(r.chapter))
    return sorted(result, key=lambda r: (-(r.unsubmitted if r.overdue else 0), _code(r)))


def _code(row: ComplianceRow) -> str:
    return row.organisation.code if row.organisation else ""


def compliance(
    period: ReportingPeriod,
    organisations: QuerySet[Organisation] | None = None,
    plan: Plan | None = None,
) -> list[ComplianceRow]:
    """Per organisation: reports owed, submitted on time, late, not (yet) submitted, accepted."""
    return compliance_rows(period, compliance_counts(period, organisations, plan), "organisation")


def review_queue(period: ReportingPeriod) -> QuerySet[Obligation]:
    return (
        Obligation.objects.filter(period=period, report__status=ReportStatus.SUBMITTED)
        .select_related("node", "organisation", "via", "report")
        .order_by("report__last_submitted_at")
    )
