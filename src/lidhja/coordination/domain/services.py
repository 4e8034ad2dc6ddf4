"""Every change to bodies, memberships, meetings and decisions: one atomic service each, which
locks the row, checks its version (a stale one is refused), checks the right again and writes
the audit entry in the same transaction."""

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.coordination.domain import access
from lidhja.coordination.domain.queries import members_on
from lidhja.coordination.models import (
    Attendance,
    Body,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingStatus,
    Membership,
    Presence,
)
from lidhja.organisations.models import Organisation

BODY_FIELDS = (
    "name",
    "name_sq",
    "kind",
    "organisation",
    "qark",
    "chair",
    "secretariat",
    "meetings_per_year",
    "is_active",
)
MEETING_FIELDS = ("date", "place", "agenda", "status")
# Which status a meeting may move to; a held meeting stays held.
MEETING_TRANSITIONS = {
    MeetingStatus.PLANNED: {MeetingStatus.HELD, MeetingStatus.CANCELLED},
    MeetingStatus.CANCELLED: {MeetingStatus.PLANNED},
    MeetingStatus.HELD: set(),
}


M = TypeVar("M", bound=Model)


def locked_row(model: type[M], pk: int, version: int) -> M:
    row: M = model._default_manager.select_for_update(of=("self",)).get(pk=pk)
    if getattr(row, "version") != version:  # noqa: B009 -- every model here has one
        raise StaleObject(_("This was changed by someone else meanwhile. Reload and retry."))
    return row


def _require_manage(by: User) -> None:
    if not access.may_manage(by):
        raise PermissionDenied(_("You may not manage coordination bodies."))


def require_record(by: User, body: Body) -> None:
    if not access.may_record(by, body):
        raise PermissionDenied(_("You may not record meetings of this body."))


def _changed(row: Model, values: dict[str, Any]) -> list[str]:
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    return changed


# --- Bodies and members ----------------------------------------------------------------------


@transaction.atomic
def create_body(code: str, values: dict[str, Any], *, by: User) -> Body:
    _require_manage(by)
    body = Body(code=code, **{k: v for k, v in values.items() if k in BODY_FIELDS})
    body.full_clean()
    body.save()
    audit.record("coordination.body_created", actor=by, obj=body, changes={"code": code})
    return body


@transaction.atomic
def update_body(body: Body, values: dict[str, Any], *, version: int, by: User) -> Body:
    _require_manage(by)
    locked = locked_row(Body, body.pk, version)
    changed = _changed(locked, {k: v for k, v in values.items() if k in BODY_FIELDS})
    locked.full_clean()
    locked.version += 1
    locked.save()
    audit.record("coordination.body_changed", actor=by, obj=locked, changes={"fields": changed})
    return locked


@transaction.atomic
def add_member(
    body: Body,
    organisation: Organisation,
    *,
    role: str,
    by: User,
    since: date | None = None,
    representatives: list[User] | None = None,
) -> Membership:
    _require_manage(by)
    if body.memberships.filter(organisation=organisation, until__isnull=True).exists():
        raise ValidationError({"organisation": _("This organisation is already a member.")})
    _check_representatives(organisation, representatives or [])
    membership = Membership(body=body, organisation=organisation, role=role, since=since)
    membership.full_clean()
    membership.save()
    membership.representatives.set(representatives or [])
    audit.record(
        "coordination.member_added",
        actor=by,
        obj=membership,
        changes={"body": body.code, "organisation": organisation.code, "role": role},
    )
    return membership


def _check_representatives(organisation: Organisation, users: list[User]) -> None:
    """A member organisation is represented by active users of its own."""
    if any(u.organisation_id != organisation.pk or not u.is_active for u in users):
        raise ValidationError(
            {
                "representatives": _(
                    "Representatives must be active users of the member organisation."
                )
            }
        )


@transaction.atomic
def change_representatives(
    membership: Membership, users: list[User], *, version: int, by: User
) -> Membership:
    """The users who represent the member organisation in the body, replaced by `users`."""
    _require_manage(by)
    locked = locked_row(Membership, membership.pk, version)
    if locked.until is not None and locked.until < timezone.localdate():
        raise ValidationError({"representatives": _("This membership has ended.")})
    _check_representatives(locked.organisation, users)
    before = set(locked.representatives.values_list("pk", flat=True))
    changed = ["representatives"] if before != {u.pk for u in users} else []
    locked.representatives.set(users)
    locked.version += 1
    locked.save(update_fields=["version"])
    audit.record(
        "coordination.representatives_changed", actor=by, obj=locked, changes={"fields": changed}
    )
    return locked


@transaction.atomic
def end_membership(membership: Membership, until: date, *, version: int, by: User) -> Membership:
    _require_manage(by)
    locked = locked_row(Membership, membership.pk, version)
    if locked.until is not None:
        raise ValidationError({"until": _("This membership has already ended.")})
    if locked.since and until < locked.since:
        raise ValidationError({"until": _("A membership cannot end before it began.")})
    locked.until, locked.version = until, locked.version + 1
    locked.save(update_fields=["until", "version"])
    audit.record("coordination.member_ended", actor=by, obj=locked, changes={"until": until})
    return locked


# --- Meetings --------------------------------------------------------------------------------


def _check_held(status: str, day: date) -> None:
    if status == MeetingStatus.HELD and day > timezone.localdate():
        raise ValidationError({"date": _("A meeting cannot have been held on a future date.")})


def _check_date(body: Body, day: date, meeting_pk: int | None = None) -> None:
    """A body meets once on a day (a cancelled meeting leaves the day free)."""
    others = Meeting.objects.filter(body=body, date=day).exclude(status=MeetingStatus.CANCELLED)
    if meeting_pk is not None:
        others = others.exclude(pk=meeting_pk)
    if others.exists():
        raise ValidationError({"date": _("This body already has a meeting on that day.")})


@transaction.atomic
def record_meeting(
    body: Body,
    *,
    date: date,
    by: User,
    place: str = "",
    agenda: str = "",
    status: str = MeetingStatus.PLANNED,
) -> Meeting:
    """A meeting planned, or one already held (recorded afterwards)."""
    require_record(by, body)
    if status == MeetingStatus.CANCELLED:
        raise ValidationError({"status": _("Record the meeting first, then cancel it.")})
    _check_held(status, date)
    _check_date(body, date)
    meeting = Meeting(
        body=body, date=date, place=place, agenda=agenda, status=status, recorded_by=by
    )
    meeting.full_clean()
    meeting.save()
    audit.record(
        "coordination.meeting_recorded",
        actor=by,
        obj=meeting,
        changes={"body": body.code, "date": date, "status": status},
    )
    return meeting


@transaction.atomic
def change_meeting(meeting: Meeting, values: dict[str, Any], *, version: int, by: User) -> Meeting:
    """Date, place, agenda, and the status: planned → held or cancelled (and back to planned)."""
    require_record(by, meeting.body)
    locked = locked_row(Meeting, meeting.pk, version)
    previous = locked.status
    changed = _changed(locked, {k: v for k, v in values.items() if k in MEETING_FIELDS})
    if (
        locked.status != previous
        and locked.status not in MEETING_TRANSITIONS[MeetingStatus(previous)]
    ):
        raise ValidationError({"status": _("This change of status is not allowed.")})
    _check_held(locked.status, locked.date)
    if "date" in changed or previous == MeetingStatus.CANCELLED:
        _check_date(locked.body, locked.date, locked.pk)
    locked.full_clean()
    locked.version += 1
    locked.save()
    changes: dict[str, Any] = {"fields": changed}
    if locked.status != previous:
        changes["status"] = [previous, locked.status]
    audit.record("coordination.meeting_changed", actor=by, obj=locked, changes=changes)
    return locked


def require_held(meeting: Meeting, field: str) -> None:
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError({field: _("Only a meeting that was held has this.")})


@transaction.atomic
def record_attendance(
    meeting: Meeting, presences: Mapping[str, str], *, version: int, by: User
) -> Meeting:
    """Attendance by member organisation code: present, excused or absent. Only organisations
    that were members on the meeting's day; the ones not named keep what they had."""
    require_record(by, meeting.body)
    locked = locked_row(Meeting, meeting.pk, version)
    require_held(locked, "attendance")
    members = {m.organisation.code: m.organisation for m in members_on(locked.body, locked.date)}
    unknown = sorted(set(presences) - set(members))
    if unknown:
        raise ValidationError(
            {"attendance": _("Not members of the body: %(codes)s") % {"codes": ", ".join(unknown)}}
        )
    if any(value not in Presence.values for value in presences.values()):
        raise ValidationError({"attendance": _("Choose present, excused or absent.")})
    for code, presence in presences.items():
        Attendance.objects.update_or_create(
            meeting=locked, organisation=members[code], defaults={"presence": presence}
        )
    locked.version += 1
    locked.save(update_fields=["version"])
    audit.record(
        "coordination.attendance_recorded",
        actor=by,
        obj=locked,
        changes={"organisations": len(presences)},
    )
    return locked


# --- Decisions -------------------------------------------------------------------------------


@transaction.atomic
def record_decision(
    meeting: Meeting, *, text: str, owner: Organisation, due_date: date, by: User
) -> Decision:
    require_record(by, meeting.body)
    require_held(meeting, "text")
    if not owner.is_active or owner.collective:
        raise ValidationError(
            {"owner": _("The owner is an active organisation, not a class of actors.")}
        )
    if due_date < meeting.date:
        raise ValidationError({"due_date": _("A decision falls due after its meeting.")})
    decision = Decision(meeting=meeting, text=text.strip(), owner=owner, due_date=due_date)
    decision.full_clean()
    decision.save()
    audit.record(
        "coordination.decision_recorded",
        actor=by,
        obj=decision,
        changes={"owner": owner.code, "due_date": due_date},
    )
    return decision


@transaction.atomic
def close_decision(
    decision: Decision,
    status: str,
    *,
    note: str,
    version: int,
    by: User,
    closed_on: date | None = None,
) -> Decision:
    """Done (ONAC, the body's secretariat, or the owner reporting it done) or cancelled (ONAC
    or the secretariat), with a note on how it was closed, on `closed_on` (today unless an
    earlier day is given). A closed decision stays closed."""
    if not access.may_close(by, decision):
        raise PermissionDenied(_("You may not close this decision."))
    if status == DecisionStatus.CANCELLED and not access.may_record(by, decision.meeting.body):
        raise PermissionDenied(_("Only the body's secretariat or ONAC cancels a decision."))
    locked = locked_row(Decision, decision.pk, version)
    if locked.status != DecisionStatus.OPEN:
        raise ValidationError({"status": _("This decision is already closed.")})
    if status not in (DecisionStatus.DONE, DecisionStatus.CANCELLED):
        raise ValidationError({"status": _("Choose done or cancelled.")})
    if not note.strip():
        raise ValidationError({"note": _("Say how it was closed.")})
    closed_on = closed_on or timezone.localdate()
    if not locked.meeting.date <= closed_on <= timezone.localdate():
        raise ValidationError({"closed_on": _("Give a day from the meeting until today.")})
    locked.status, locked.closing_note = status, note.strip()
    locked.closed_on, locked.closed_by = closed_on, by
    locked.version += 1
    locked.save()
    audit.record(
        "coordination.decision_closed",
        actor=by,
        obj=locked,
        changes={"status": [DecisionStatus.OPEN, status]},
    )
    return locked
