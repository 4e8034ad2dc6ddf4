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

from django.db.models import Q, QuerySet

from lidhja.organisations.models import Membership, Organisation
from lidhja.plans.models import NodeAgency, Plan


def members_of(class_org: Organisation, plan: Plan | None = None) -> QuerySet[Organisation]:
    """The active members of `class_org` (none when it is not a class); `plan_actors` counts
    the links of `plan`, or of every plan when none is given."""
    if not class_org.collective:
        return Organisation.objects.none()
    found = Q(member_of=class_org)
    if class_org.membership == Membership.KIND:
        found |= Q(kind=class_org.membership_kind)
    elif class_org.membership == Membership.PLAN_ACTORS:
        links = NodeAgency.objects.filter(organisation__collective=False)
        if plan is not None:
            links = links.filter(node__plan=plan)
        found |= Q(pk__in=links.values("organisation_id"))
    return (
        Organisation.objects.filter(is_active=True, collective=False)
        .filter(pk__in=Organisation.objects.filter(found).values("pk"))
        .order_by("code")
    )


def member_ids(classes: list[Organisation], plan: Plan | None = None) -> dict[int, list[int]]:
    """{class id: its active members' ids}, for several classes at once."""
    return {c.pk: list(members_of(c, plan).values_list("pk", flat=True)) for c in classes}


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
