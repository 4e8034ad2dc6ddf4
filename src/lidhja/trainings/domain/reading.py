"""The one read of roster names: what a user may see of them, audited in the same
transaction (the entry names the members' references, never their names)."""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from lidhja.audit.domain import services as audit
from lidhja.trainings.domain.access import may_see_name, name_scope
from lidhja.trainings.domain.services import name_of
from lidhja.trainings.models import RosterMember


def nameable(user: Any, members: QuerySet[RosterMember]) -> QuerySet[RosterMember]:
    """The members of `members` whose names `user` may see."""
    scope = name_scope(user)
    if scope is False:
        return members.none()
    if scope is None:
        return members
    return members.filter(organisation_id=scope)


@transaction.atomic
def reveal_names(user: Any, members: list[RosterMember]) -> dict[str, str]:
    """The full names of those of `members` whose names `user` may see, by reference; the read
    is one audit entry. Nothing is recorded when no name is shown."""
    shown = {
        m.reference: " ".join(
            v for v in (name_of(m).get(k, "") for k in ("given_name", "family_name")) if v
        )
        for m in members
        if may_see_name(user, m)
    }
    if shown:
        audit.record(
            "training.names_viewed",
            actor=user,
            object_type="trainings.rostermember",
            object_repr=f"{len(shown)} roster members",
            changes={"members": sorted(shown)},
        )
    return shown


@transaction.atomic
def name_fields(user: Any, member: RosterMember) -> dict[str, str]:
    """The name fields of one member for the edit form (the caller checked the edit right)."""
    if not may_see_name(user, member):
        return {}
    audit.record(
        "training.names_viewed", actor=user, obj=member, changes={"members": [member.reference]}
    )
    return name_of(member)
