"""Who sees which proceeding, decided here and nowhere else.

The policy table (accounts.domain.permissions) gives prosecutors, police investigators and
court or Ministry of Justice statistics clerks the proceedings of their own office (Scope.OWN):
the office that registered them. Everyone else holds no justice permission and sees no
proceeding at all; ONAC and observers read the aggregates of the statistics page only.
A proceeding of another office is as unknown as a missing one (404); a user without a justice
role is refused outright (403).
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import NotFound, PermissionDenied
from lidhja.accounts.domain.permissions import Scope, Someone, scope_of
from lidhja.justice.models import Proceeding


def has_justice_role(user: Someone) -> bool:
    return scope_of(user, "justice.view_personal") is not None


def require_justice_role(user: Someone) -> None:
    if not has_justice_role(user):
        raise PermissionDenied(_("You have no access to criminal-justice proceedings."))


def visible_proceedings(user: Any) -> QuerySet[Proceeding]:
    scope = scope_of(user, "justice.view_personal")
    proceedings = Proceeding.objects.all()
    if scope is Scope.ALL:
        return proceedings
    if scope is Scope.OWN and user.organisation_id is not None:
        return proceedings.filter(office_id=user.organisation_id)
    return proceedings.none()


def may_see(user: Any, proceeding: Proceeding) -> bool:
    scope = scope_of(user, "justice.view_personal")
    if scope is Scope.ALL:
        return True
    return scope is Scope.OWN and proceeding.office_id == user.organisation_id


def may_edit(user: Any, proceeding: Proceeding) -> bool:
    scope = scope_of(user, "justice.edit")
    if scope is Scope.ALL:
        return True
    return scope is Scope.OWN and proceeding.office_id == user.organisation_id


def find_proceeding(user: Any, code: str) -> Proceeding:
    """The proceeding with `code` if `user` may see it; NotFound alike for a missing one and
    one of another office; PermissionDenied for a user without a justice role."""
    require_justice_role(user)
    proceeding = Proceeding.objects.select_related("office").filter(code=code.upper()[:16]).first()
    if proceeding is None or not may_see(user, proceeding):
        raise NotFound(_("No such proceeding."))
    return proceeding
