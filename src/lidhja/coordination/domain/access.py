"""Who reaches which body. The policy table says which roles may at all and how far (ALL or
OWN); membership is data, so "the user's organisation belongs to this body" is decided here,
from the memberships, the chair, the secretariat and the organisation that is the body."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import NotFound, PermissionDenied
from lidhja.accounts.domain.permissions import Scope, Someone, scope_of
from lidhja.accounts.models import User
from lidhja.coordination.models import Body, Decision, Meeting


def involving(organisation_id: int | None, today: date | None = None) -> Q:
    """Bodies the organisation belongs to on `today`: a current member, chair, secretariat, or
    the organisation that is the body."""
    today = today or timezone.localdate()
    current = Q(memberships__until__isnull=True) | Q(memberships__until__gte=today)
    return (
        Q(memberships__organisation_id=organisation_id) & current
        | Q(organisation_id=organisation_id)
        | Q(chair_id=organisation_id)
        | Q(secretariat_id=organisation_id)
    )


def _org_id(user: Someone) -> int | None:
    return user.organisation_id if isinstance(user, User) else None


def _reaches(user: Someone, permission: str, body: Body) -> bool:
    scope = scope_of(user, permission)
    if scope is Scope.ALL:
        return True
    if scope is Scope.OWN:
        return Body.objects.filter(involving(_org_id(user)), pk=body.pk).exists()
    return False


def visible_bodies(user: Someone) -> QuerySet[Body]:
    scope = scope_of(user, "coordination.view")
    if scope is Scope.ALL:
        return Body.objects.all()
    if scope is Scope.OWN:
        ids = Body.objects.filter(involving(_org_id(user))).values("pk")
        return Body.objects.filter(pk__in=ids)
    return Body.objects.none()


def get_body_for_user(user: Someone, code: str) -> Body:
    """The body if the user may see it: no right at all is PermissionDenied; a body the user's
    organisation is not part of answers NotFound, exactly like a missing one."""
    if scope_of(user, "coordination.view") is None:
        raise PermissionDenied(_("You may not see coordination bodies."))
    body = (
        visible_bodies(user)
        .filter(code=code)
        .select_related("organisation", "chair", "secretariat")
    )
    found = body.first()
    if found is None:
        raise NotFound(_("No such body."))
    return found


def may_manage(user: Someone) -> bool:
    return scope_of(user, "coordination.manage") is not None


def may_record(user: Someone, body: Body) -> bool:
    """ONAC for every body; a body secretary for the bodies whose secretariat is their own."""
    scope = scope_of(user, "coordination.record")
    if scope is Scope.ALL:
        return True
    return (
        scope is Scope.OWN
        and body.secretariat_id is not None
        and (body.secretariat_id == _org_id(user))
    )


def may_read_minutes(user: Someone, body: Body) -> bool:
    return _reaches(user, "coordination.minutes", body)


def may_close(user: Someone, decision: Decision) -> bool:
    """ONAC; the body's secretariat; the owner organisation reporting its decision done."""
    scope = scope_of(user, "coordination.close_decision")
    if scope is Scope.ALL:
        return True
    org = _org_id(user)
    return (
        scope is Scope.OWN
        and org is not None
        and (decision.owner_id == org or decision.meeting.body.secretariat_id == org)
    )


def visible_meetings(user: Someone) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body__in=visible_bodies(user).values("pk"))


def get_meeting_for_user(user: Someone, pk: int) -> Meeting:
    if scope_of(user, "coordination.view") is None:
        raise PermissionDenied(_("You may not see coordination bodies."))
    meeting = visible_meetings(user).select_related("body__secretariat").filter(pk=pk).first()
    if meeting is None:
        raise NotFound(_("No such meeting."))
    return meeting


def visible_decisions(user: Someone) -> QuerySet[Decision]:
    """Decisions of the bodies the user sees, and those owned by the user's organisation."""
    scope = scope_of(user, "coordination.view")
    if scope is None:
        return Decision.objects.none()
    if scope is Scope.ALL:
        return Decision.objects.all()
    bodies = visible_bodies(user).values("pk")
    return Decision.objects.filter(Q(meeting__body__in=bodies) | Q(owner_id=_org_id(user)))


def get_decision_for_user(user: Someone, pk: int) -> Decision:
    if scope_of(user, "coordination.view") is None:
        raise PermissionDenied(_("You may not see coordination bodies."))
    decision = visible_decisions(user).select_related("meeting__body").filter(pk=pk).first()
    if decision is None:
        raise NotFound(_("No such decision."))
    return decision


def sees_every_body(user: Someone) -> bool:
    """ONAC and the observers: the dashboard's coordination panels are theirs."""
    return scope_of(user, "coordination.view") is Scope.ALL
