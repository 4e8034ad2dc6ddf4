"""Who owes a report on what, derived from the plan — never typed by hand.

Every activity (and sub-activity) of a plan is reported on every quarter from the plan's
first year until it is closed: an accepted report saying "completed" or "cancelled" in an
earlier period closes it. Its timeline says when it is due, not when work on it may be
reported, so an activity due "Mid 2010" is reported on in 2009 too, and an overdue one keeps
being reported on after the plan's last year until it is done. Every non-collective lead or
partner organisation owes one report; classes of actors ("NGOs", "Donors") have no one to
report for them and are left out.
"""

from django.db import transaction
from django.db.models import QuerySet

from lidhja.accounts.domain.actors import Actor
from lidhja.audit.domain import services as audit
from lidhja.monitoring.models import (
    ImplementationStatus,
    Obligation,
    ProgressReport,
    ReportingPeriod,
    ReportStatus,
)
from lidhja.plans.models import Level, NodeAgency, Plan, PlanNode

CLOSING = (ImplementationStatus.COMPLETED, ImplementationStatus.CANCELLED)


def closed_nodes(plan: Plan, before: ReportingPeriod) -> set[int]:
    return set(
        ProgressReport.objects.filter(
            obligation__node__plan=plan,
            obligation__period__end__lt=before.start,
            status=ReportStatus.ACCEPTED,
            implementation_status__in=CLOSING,
        ).values_list("obligation__node_id", flat=True)
    )


def reportable_nodes(plan: Plan, period: ReportingPeriod) -> QuerySet[PlanNode]:
    if period.end.year < plan.start_year:
        return PlanNode.objects.none()
    return PlanNode.objects.filter(plan=plan, level=Level.ACTIVITY).exclude(
        pk__in=closed_nodes(plan, period)
    )


@transaction.atomic
def derive_obligations(plan: Plan, period: ReportingPeriod, *, by: Actor) -> int:
    """Create the missing obligations of `period` for `plan`; returns how many were created."""
    links = NodeAgency.objects.filter(
        node__in=reportable_nodes(plan, period), organisation__collective=False
    ).values_list("node_id", "organisation_id", "role")
    existing = set(
        Obligation.objects.filter(period=period, node__plan=plan).values_list(
            "node_id", "organisation_id"
        )
    )
    new = [
        Obligation(period=period, node_id=node_id, organisation_id=org_id, role=role)
        for node_id, org_id, role in links
        if (node_id, org_id) not in existing
    ]
    Obligation.objects.bulk_create(new, batch_size=1000)
    if new:
        audit.record(
            "monitoring.obligations_derived",
            actor=by,
            obj=period,
            changes={"plan": plan.code, "created": len(new)},
        )
    return len(new)
