"""Who the members of a class of actors are: one definition that derivation, pages, API and
exports all use.

A class of actors ("RCATs", "NGOs", "All state actors") is an organisation with `collective`
set. Its `membership` rule says how its members are found:
- `explicit`: the organisations whose `member_of` names it (RCAT-TR is a member of RCATS);
- `kind`: every active organisation of `membership_kind` (NGOS: every NGO), and the explicit ones;
- `plan_actors`: every active organisation with a link of its own in the plan (ALLACTORS), and
  the explicit ones.
Members are always active and never classes themselves: a class owes nothing, and a
deactivated or merged organisation reports for nobody.
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from lidhja.organisations.models import Membership, Organisation
from lidhja.plans.models import NodeAgency, Plan


def members_of(class_org: Organisation, plan: Plan | None = None) -> QuerySet[Organisation]:
    """The active members of `class_org` (none when it is not a class), by code;
    `plan_actors` counts the links of `plan`, or of every plan when none is given."""
    ids: set[int] = member_ids([class_org], plan).get(class_org.pk, set())
    return Organisation.objects.filter(pk__in=ids).order_by("code")


def member_ids(classes: Iterable[Organisation], plan: Plan | None = None) -> dict[int, set[int]]:
    """{class id: its active members' ids} for several classes at once, in at most three
    queries whatever their number: the one definition of the membership rules."""
    by_id = {c.pk: c for c in classes if c.collective}
    if not by_id:
        return {}
    kinds = dict(
        Organisation.objects.filter(is_active=True, collective=False).values_list("pk", "kind")
    )
    result: dict[int, set[int]] = {pk: set() for pk in by_id}
    named = Organisation.member_of.through.objects.filter(to_organisation_id__in=by_id)
    for class_id, member_id in named.values_list("to_organisation_id", "from_organisation_id"):
        if member_id in kinds:
            result[class_id].add(member_id)
    actors: set[int] | None = None
    for pk, cls in by_id.items():
        if cls.membership == Membership.KIND:
            result[pk] |= {org for org, kind in kinds.items() if kind == cls.membership_kind}
        elif cls.membership == Membership.PLAN_ACTORS:
            actors = _plan_actors(plan) if actors is None else actors
            result[pk] |= actors & kinds.keys()
    return result


def _plan_actors(plan: Plan | None) -> set[int]:
    links = NodeAgency.objects.filter(organisation__collective=False)
    if plan is not None:
        links = links.filter(node__plan=plan)
    return set(links.values_list("organisation_id", flat=True).distinct())


def classes_of(org: Organisation) -> QuerySet[Organisation]:
    """The classes `org` is a member of: named ones, and those that take it by kind or as an
    actor of the plan."""
    if org.collective or not org.is_active:
        return org.member_of.all().order_by("code")
    found = Q(pk__in=org.member_of.values("pk")) | Q(
        membership=Membership.KIND, membership_kind=org.kind
    )
    if NodeAgency.objects.filter(organisation=org).exists():
        found |= Q(membership=Membership.PLAN_ACTORS)
    return Organisation.objects.filter(found, collective=True).order_by("code")
