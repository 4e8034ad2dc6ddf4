"""Every change to trainings and the roster, one atomic service each.

Each service locks its row, checks the actor's right on the locked row and the version the
actor read (a stale one is refused with 409), and writes an audit entry in the same
transaction. Audit entries name fields and references, never a roster member's name, which is
sealed (`RosterMember.sealed_name`, cases.domain.crypto).
"""

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.cases.domain import crypto
from lidhja.cases.domain.services import CODE_ALPHABET
from lidhja.organisations.models import Organisation
from lidhja.trainings.domain.access import may_edit_member, may_record, require
from lidhja.trainings.models import (
    Attendance,
    Curriculum,
    ParticipantCount,
    RosterFunction,
    RosterMember,
    TrainingEvent,
)

EVENT_FIELDS = (
    "provider",
    "module",
    "target_group",
    "starts_on",
    "ends_on",
    "qark",
    "place",
    "node",
)
MEMBER_FIELDS = (
    "organisation",
    "function",
    "court",
    "border_point",
    "sex",
    "active_from",
    "active_until",
)
# The identifying data of a roster member, sealed together; never in a column, log or audit.
NAME_FIELDS = ("given_name", "family_name")


@dataclass(frozen=True)
class CountRow:
    organisation: Organisation
    function: str
    sex: str
    count: int


# --- modules ---------------------------------------------------------------------------------


@transaction.atomic
def add_module(
    *, by: User, code: str, title: str, title_sq: str = "", provider: Organisation | None = None
) -> Curriculum:
    require(by, "training.modules")
    code = code.strip().upper()
    if Curriculum.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A module with this code exists already.")})
    module = Curriculum.objects.create(
        code=code, title=title.strip(), title_sq=title_sq.strip(), provider=provider
    )
    audit.record("training.module_added", actor=by, obj=module, changes={"code": code})
    return module


# --- events ----------------------------------------------------------------------------------


def _check_event(values: dict[str, Any]) -> None:
    if values["ends_on"] < values["starts_on"]:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})


@transaction.atomic
def record_event(*, by: User, values: dict[str, Any]) -> TrainingEvent:
    if not may_record(by, values["provider"]):
        raise PermissionDenied(_("You may record only the trainings your organisation provides."))
    _check_event(values)
    event = TrainingEvent.objects.create(
        recorded_by=by, **{name: values.get(name) or _blank(name) for name in EVENT_FIELDS}
    )
    audit.record(
        "training.event_recorded",
        actor=by,
        obj=event,
        changes={"module": event.module.code, "provider": event.provider.code},
    )
    return event


def _blank(name: str) -> Any:
    return None if name == "node" else ""


def _lock_event(event: TrainingEvent, by: User, version: int) -> TrainingEvent:
    locked = (
        TrainingEvent.objects.select_for_update(of=("self",))
        .select_related("provider", "module")
        .get(pk=event.pk)
    )
    if not may_record(by, locked.provider):
        raise PermissionDenied(_("You may change only the trainings your organisation provides."))
    if locked.version != version:
        raise StaleObject(_("This training event changed meanwhile. Reload it, then retry."))
    return locked


@transaction.atomic
def edit_event(
    event: TrainingEvent, *, by: User, version: int, values: dict[str, Any]
) -> TrainingEvent:
    event = _lock_event(event, by, version)
    if not may_record(by, values["provider"]):
        raise PermissionDenied(_("You may record only the trainings your organisation provides."))
    _check_event(values)
    changed = []
    for name in EVENT_FIELDS:
        value = values.get(name) or _blank(name)
        if getattr(event, name) != value:
            setattr(event, name, value)
            changed.append(name)
    event.version += 1
    event.save()
    audit.record("training.event_edited", actor=by, obj=event, changes={"fields": changed})
    return event


@transaction.atomic
def replace_attendance(
    event: TrainingEvent,
    *,
    by: User,
    version: int,
    counts: list[CountRow],
    members: list[RosterMember] | None,
) -> TrainingEvent:
    """Replace the event's participants with those of an attendance sheet: counted rows and
    roster members (named participants); `members` None replaces the counted rows only (the
    API's counted attendance) and keeps the named participants. The caller has validated every
    row."""
    event = _lock_event(event, by, version)
    event.counts.all().delete()
    ParticipantCount.objects.bulk_create(
        ParticipantCount(
            event=event, organisation=r.organisation, function=r.function, sex=r.sex, count=r.count
        )
        for r in counts
    )
    changes: dict[str, Any] = {"counted": sum(r.count for r in counts), "count_rows": len(counts)}
    if members is not None:
        event.attendances.all().delete()
        Attendance.objects.bulk_create(Attendance(event=event, member=m) for m in members)
        changes["members"] = sorted(m.reference for m in members)
    event.version += 1
    event.save(update_fields=["version"])
    audit.record("training.attendance_imported", actor=by, obj=event, changes=changes)
    return event


# --- roster ----------------------------------------------------------------------------------


def _reference() -> str:
    return "R-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _check_member(values: dict[str, Any]) -> dict[str, Any]:
    errors = {}
    function = values["function"]
    if function == RosterFunction.JUDGE and not values.get("court"):
        errors["court"] = _("Name the court of a judge.")
    if function != RosterFunction.JUDGE and values.get("court"):
        errors["court"] = _("Only a judge names a court.")
    if function == RosterFunction.BORDER_OFFICER and not values.get("border_point"):
        errors["border_point"] = _("Name the crossing point of a border officer.")
    if function != RosterFunction.BORDER_OFFICER and values.get("border_point"):
        errors["border_point"] = _("Only a border officer names a crossing point.")
    until = values.get("active_until")
    if until is not None and until < values["active_from"]:
        errors["active_until"] = _("The end of activity is before its start.")
    if not str(values.get("family_name") or "").strip():
        errors["family_name"] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    return {
        name: values.get(name) or (None if name == "active_until" else "") for name in MEMBER_FIELDS
    }


def _name(values: dict[str, Any]) -> dict[str, str]:
    return {name: str(values.get(name) or "").strip() for name in NAME_FIELDS}


@transaction.atomic
def add_member(*, by: User, values: dict[str, Any]) -> RosterMember:
    member = RosterMember(**_check_member(values))
    if not may_edit_member(by, member):
        raise PermissionDenied(_("You may add only members of your own organisation."))
    member.sealed_name = crypto.seal_json(_name(values), member.context)
    for _attempt in range(5):
        member.reference = _reference()
        try:
            with transaction.atomic():
                member.save()
            break
        except IntegrityError:
            continue
    audit.record(
        "training.member_added",
        actor=by,
        obj=member,
        changes={"reference": member.reference, "fields": sorted(MEMBER_FIELDS + NAME_FIELDS)},
    )
    return member


@transaction.atomic
def edit_member(
    member: RosterMember, *, by: User, version: int, values: dict[str, Any]
) -> RosterMember:
    member = (
        RosterMember.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=member.pk)
    )
    if not may_edit_member(by, member):
        raise PermissionDenied(_("You may change only members of your own organisation."))
    if member.version != version:
        raise StaleObject(_("This roster member changed meanwhile. Reload it, then retry."))
    columns = _check_member(values)
    changed = [name for name in MEMBER_FIELDS if getattr(member, name) != columns[name]]
    for name in changed:
        setattr(member, name, columns[name])
    if not may_edit_member(by, member):
        raise PermissionDenied(_("You may add only members of your own organisation."))
    before, after = name_of(member), _name(values)
    changed += [field for field in NAME_FIELDS if before.get(field, "") != after[field]]
    member.sealed_name = crypto.seal_json(after, member.context)
    member.version += 1
    member.save()
    audit.record(
        "training.member_edited",
        actor=by,
        obj=member,
        changes={"reference": member.reference, "fields": sorted(changed)},
    )
    return member


def name_of(member: RosterMember) -> dict[str, str]:
    """Decrypt without a check: only for `reading`, which checks access and audits the read."""
    return {
        key: str(value)
        for key, value in crypto.open_json(
            bytes(member.sealed_name) if member.sealed_name else None, member.context
        ).items()
    }


def active_on(member: RosterMember, day: date) -> bool:
    return member.active_from <= day and (member.active_until is None or member.active_until >= day)
