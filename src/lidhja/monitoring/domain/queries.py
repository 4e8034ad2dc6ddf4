"""Reading monitoring data: scoped obligation lists and reporting compliance."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from lidhja.accounts.domain.permissions import Scope, scope_of
from lidhja.accounts.models import User
from lidhja.monitoring.models import Obligation, ReportingPeriod, ReportStatus
from lidhja.organisations.models import Organisation
from lidhja.plans.models import Plan


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
    period: ReportingPeriod,
    organisations: QuerySet[Organisation] | None = None,
    plan: Plan | None = None,
) -> list[ComplianceRow]:
    """Per organisation: reports owed, submitted on time, late, not (yet) submitted, accepted."""
    qs = Obligation.objects.filter(period=period)
    if plan is not None:
        qs = qs.filter(node__plan=plan)
    if organisations is not None:
        qs = qs.filter(organisation__in=organisations)
    rows = (
        qs.values("organisation")
        .annotate(
            owed=Count("pk"),
            on_time=Count("pk", filter=on_time_q()),
            late=Count("pk", filter=late_q()),
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
        .select_related("node", "organisation", "via", "report")
        .order_by("report__last_submitted_at")
    )
