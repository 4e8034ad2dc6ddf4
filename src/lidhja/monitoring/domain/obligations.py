"""Who owes a report on what, derived from the plan — never typed by hand.

Every activity (and sub-activity) of a plan is reported on every quarter from the plan's
first year until it is closed: an accepted report saying "completed" or "cancelled" in an
earlier period closes it. Its timeline says when it is due, not when work on it may be
reported, so an activity due "Mid 2010" is reported on in 2009 too, and an overdue one keeps
being reported on after the plan's last year until it is done.

Every active lead or partner organisation owes one report. A link of a class of actors
("RCATs", "NGOs", "All state actors") expands to each active member of the class
(`organisations.domain.membership.members_of`), in the same role, and the obligation records
the class (`via`). A member's own link to the activity wins over its classes'; a member of two
classes linked to it owes once, as lead if either class leads. An activity nobody can own (no
active organisation of its own, and no active member in its classes) is listed by
`unowned_activities` and flagged on the plan and activity pages, never silently unowed.
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
from lidhja.organisations.domain.membership import member_ids
from lidhja.organisations.models import Organisation
from lidhja.plans.models import Level, NodeAgency, Plan, PlanNode

# (node id, organisation id) -> (role, class id or None)
Owed = dict[tuple[int, int], tuple[str, int | None]]

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


def owed(plan: Plan, nodes: QuerySet[PlanNode]) -> Owed:
    """Who owes what on `nodes`: own links first, then each class's members who have none."""
    links = list(
        NodeAgency.objects.filter(node__in=nodes, organisation__is_active=True)
        .select_related("organisation")
        .order_by("node_id", "role", "organisation__code")
    )
    result: Owed = {}
    for link in links:
        if not link.organisation.collective:
            result[(link.node_id, link.organisation_id)] = (link.role, None)
    own = set(result)
    members = member_ids(
        [link.organisation for link in links if link.organisation.collective], plan
    )
    for link in links:  # lead sorts before partner: a lead class claims a member first
        for member in sorted(members.get(link.organisation_id, ())):
            key = (link.node_id, member)
            if key not in own and key not in result:
                result[key] = (link.role, link.organisation_id)
    return result


@transaction.atomic
def derive_obligations(plan: Plan, period: ReportingPeriod, *, by: Actor) -> int:
    """Create the missing obligations of `period` for `plan`; returns how many were created."""
    due = owed(plan, reportable_nodes(plan, period))
    existing = set(
        Obligation.objects.filter(period=period, node__plan=plan).values_list(
            "node_id", "organisation_id"
        )
    )
    new = [
        Obligation(period=period, node_id=node_id, organisation_id=org_id, role=role, via_id=via)
        for (node_id, org_id), (role, via) in sorted(due.items())
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


def unowned_activities(plan: Plan) -> QuerySet[PlanNode]:
    """The activities of `plan` that nobody can owe a report on: no active organisation of its
    own, and no active member in any class linked to it."""
    # The same rule as `owed`, without listing every member of every class on every
    # activity (tens of thousands of pairs on a large plan): an activity is owned when one
    # of its active links is an organisation, or a class with at least one member.
    links = list(
        NodeAgency.objects.filter(
            node__plan=plan, node__level=Level.ACTIVITY, organisation__is_active=True
        ).values_list("node_id", "organisation_id", "organisation__collective")
    )
    classes = Organisation.objects.filter(
        pk__in={org for _n, org, collective in links if collective}
    )
    members = member_ids(classes, plan)
    owned = {node for node, org, collective in links if not collective or members.get(org)}
    unowned = set(plan_activities(plan).values_list("pk", flat=True)) - owned
    return plan_activities(plan).filter(pk__in=unowned)


def plan_activities(plan: Plan) -> QuerySet[PlanNode]:
    return PlanNode.objects.filter(plan=plan, level=Level.ACTIVITY).order_by("position")


def owed_by_no_one(node: PlanNode) -> bool:
    """Is `node` an activity nobody can owe a report on (see `unowned_activities`)?"""
    if node.level != Level.ACTIVITY:
        return False
    return not owed(node.plan, PlanNode.objects.filter(pk=node.pk))
