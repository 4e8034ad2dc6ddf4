"""Reading monitoring data: scoped obligation lists and reporting compliance."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lidhja.accounts.domain.permissions import Scope, scope_of
from lidhja.monitoring.models import Obligation, ReportingPeriod, ReportStatus
from lidhja.organisations.models import Organisation


def obligations_for(user, period: ReportingPeriod) -> QuerySet[Obligation]:
    """The obligations of `period` that `user` may see: all, or their organisation's only."""
    scope = scope_of(user, "monitoring.view")
    qs = (
        Obligation.objects.filter(period=period)
        .select_related("node", "organisation", "report")
        .order_by("node__position", "role", "organisation__code")
    )
    if scope is Scope.ALL:
        return qs
    if scope is Scope.OWN:
        return qs.filter(organisation_id=user.organisation_id)
    return qs.none()


def submitted_filter(due: date) -> dict[str, Q]:
    on_time = Q(report__submitted_at__isnull=False, report__submitted_at__date__lte=due)
    late = Q(report__submitted_at__isnull=False, report__submitted_at__date__gt=due)
    return {"on_time": on_time, "late": late}


@dataclass(frozen=True)
class ComplianceRow:
    organisation: Organisation
    owed: int
    on_time: int
    late: int
    unsubmitted: int
    accepted: int
    overdue: bool  # the due date has passed, so unsubmitted reports are missing

    @property
    def on_time_percent(self) -> float | None:
        return round(100 * self.on_time / self.owed, 1) if self.owed else None


def compliance(
    period: ReportingPeriod, organisations: QuerySet | None = None
) -> list[ComplianceRow]:
    """Per organisation: reports owed, submitted on time, late, not (yet) submitted, accepted."""
    filters = submitted_filter(period.due_date)
    qs = Obligation.objects.filter(period=period)
    if organisations is not None:
        qs = qs.filter(organisation__in=organisations)
    rows = (
        qs.values("organisation")
        .annotate(
            owed=Count("pk"),
            on_time=Count("pk", filter=filters["on_time"]),
            late=Count("pk", filter=filters["late"]),
            accepted=Count("pk", filter=Q(report__status=ReportStatus.ACCEPTED)),
        )
        .order_by()
    )
    orgs = Organisation.objects.in_bulk([row["organisation"] for row in rows])
    overdue = timezone.localdate() > period.due_date
    result = [
        ComplianceRow(
            organisation=orgs[row["organisation"]],
            owed=row["owed"],
            on_time=row["on_time"],
            late=row["late"],
            unsubmitted=row["owed"] - row["on_time"] - row["late"],
            accepted=row["accepted"],
            overdue=overdue,
        )
        for row in rows
    ]
    return sorted(result, key=lambda r: (-(r.unsubmitted if r.overdue else 0), r.organisation.code))


def review_queue(period: ReportingPeriod) -> QuerySet[Obligation]:
    return (
        Obligation.objects.filter(period=period, report__status=ReportStatus.SUBMITTED)
        .select_related("node", "organisation", "report")
        .order_by("report__last_submitted_at")
    )
