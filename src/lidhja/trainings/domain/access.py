"""Who sees and changes what in trainings, decided here from the policy table.

Events and coverage are read by whoever holds `training.view`; a focal point records events
its own organisation provides (`training.record`, OWN). Roster members are listed to the same
readers by reference, organisation, function and sex; their sealed names are shown only to
holders of `training.roster_names` (ONAC; the focal point of the member's own organisation),
and the same edit them.
"""

from typing import Any

from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import NotFound, PermissionDenied
from lidhja.accounts.domain.permissions import Scope, Someone, can, scope_of
from lidhja.organisations.models import Organisation
from lidhja.trainings.models import RosterMember, TrainingEvent


def require(user: Someone, permission: str) -> None:
    if not can(user, permission):
        raise PermissionDenied(_("You may not do this."))


def may_record(user: Someone, provider: Organisation | None) -> bool:
    if provider is None:
        return can(user, "training.record")
    return can(user, "training.record", provider)


def may_edit_member(user: Someone, member: RosterMember) -> bool:
    return can(user, "training.roster_edit", member.organisation)


def may_see_name(user: Someone, member: RosterMember) -> bool:
    return can(user, "training.roster_names", member.organisation)


def name_scope(user: Any) -> int | bool | None:
    """The organisation whose members' names `user` may see: None for every organisation,
    an organisation id for its own only, False for none."""
    scope = scope_of(user, "training.roster_names")
    if scope is Scope.ALL:
        return None
    if scope is Scope.OWN and user.organisation_id is not None:
        return int(user.organisation_id)
    return False


def find_event(user: Someone, pk: int) -> TrainingEvent:
    require(user, "training.view")
    event = TrainingEvent.objects.select_related("provider", "module", "node").filter(pk=pk).first()
    if event is None:
        raise NotFound(_("No such training event."))
    return event


def find_member(user: Someone, reference: str) -> RosterMember:
    require(user, "training.view")
    member = (
        RosterMember.objects.select_related("organisation")
        .filter(reference=reference.upper()[:16])
        .first()
    )
    if member is None:
        raise NotFound(_("No such roster member."))
    return member


def event_to_change(user: Someone, pk: int) -> TrainingEvent:
    """The event if the user may change it (its provider is theirs), for pages and API alike."""
    event = find_event(user, pk)
    if not may_record(user, event.provider):
        raise PermissionDenied(_("You may change only the trainings your organisation provides."))
    return event


def member_to_change(user: Someone, reference: str) -> RosterMember:
    """The roster member if the user may change it, for pages and API alike."""
    member = find_member(user, reference)
    if not may_edit_member(user, member):
        raise PermissionDenied(_("You may change only members of your own organisation."))
    return member
