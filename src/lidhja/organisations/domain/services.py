"""Changing the registry of organisations: create, edit, deactivate and reactivate, merge.

Each service is one transaction: it re-checks the permission `organisation.manage`, locks the
row, checks its version (a stale edit answers 409), validates, saves and writes the audit
entry. Nothing is deleted: an organisation that ends is deactivated (it then owes no new
reports and belongs to no class), one recorded twice is merged into the other
(organisations.domain.merging).
"""

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lidhja.accounts.domain.actors import SYSTEM, Actor
from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.audit.domain import services as audit
from lidhja.organisations.domain import merging
from lidhja.organisations.models import Organisation

CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,31}$")
# The fields a user edits, in the order of the form and of the import file.
FIELDS = (
    "name",
    "name_sq",
    "abbreviation",
    "kind",
    "level",
    "qark",
    "collective",
    "membership",
    "membership_kind",
    "services",
    "parent",
)


def require_manage(by: Actor) -> None:
    # SYSTEM is the operator at the command line (`lidhja org import`).
    if by is not SYSTEM and not can(by, "organisation.manage"):
        raise PermissionDenied(_("You may not change the registry of organisations."))


def locked(org: Organisation, version: int) -> Organisation:
    row = Organisation.objects.select_for_update(of=("self",)).get(pk=org.pk)
    if row.version != version:
        raise StaleObject(
            _("This organisation was changed by someone else meanwhile. Reload and retry.")
        )
    return row


def check_code(code: str) -> None:
    if not CODE.match(code):
        raise ValidationError(
            {"code": _("Use capital letters, digits and hyphens (at most 32), e.g. MUN-BR.")}
        )
    if Organisation.objects.filter(code=code).exists():
        raise ValidationError({"code": _("An organisation with this code exists already.")})


def check_structure(org: Organisation, classes: Iterable[Organisation]) -> None:
    """A parent that is not the organisation nor one of its descendants; classes that are
    classes of actors, other than itself."""
    ancestor_id, seen = org.parent_id, set()
    while ancestor_id is not None and ancestor_id not in seen:  # read afresh: rows may be stale
        if ancestor_id == org.pk:
            raise ValidationError(
                {"parent": _("An organisation cannot belong to itself or to one of its units.")}
            )
        seen.add(ancestor_id)
        ancestor_id = (
            Organisation.objects.filter(pk=ancestor_id).values_list("parent_id", flat=True).first()
        )
    for cls in classes:
        if not cls.collective or cls.pk == org.pk:
            raise ValidationError(
                {"member_of": _("%(code)s is not a class of actors.") % {"code": cls.code}}
            )


def _values(org: Organisation) -> dict[str, Any]:
    values = {field: getattr(org, field) for field in FIELDS if field != "parent"}
    values["parent"] = org.parent.code if org.parent is not None else None
    values["member_of"] = sorted(org.member_of.values_list("code", flat=True))
    return values


@transaction.atomic
def create_organisation(
    *, code: str, values: dict[str, Any], member_of: Iterable[Organisation] = (), by: Actor
) -> Organisation:
    require_manage(by)
    check_code(code)
    org = Organisation(code=code, **{k: v for k, v in values.items() if k in FIELDS})
    org.full_clean()
    classes = list(member_of)
    check_structure(org, classes)
    org.save()
    org.member_of.set(classes)
    audit.record("organisation.created", actor=by, obj=org, changes=_values(org))
    return org


@transaction.atomic
def update_organisation(
    org: Organisation,
    *,
    version: int,
    values: dict[str, Any],
    member_of: Iterable[Organisation] | None = None,
    by: Actor,
) -> Organisation:
    """Change the fields in `values` (and the classes, when `member_of` is given)."""
    require_manage(by)
    row = locked(org, version)
    before = _values(row)
    for field, value in values.items():
        if field in FIELDS:
            setattr(row, field, value)
    row.full_clean()
    classes = list(row.member_of.all()) if member_of is None else list(member_of)
    check_structure(row, classes)
    if not row.collective and row.explicit_members.exists():
        raise ValidationError(
            {"collective": _("This class has members: take them out of it first.")}
        )
    row.version += 1
    row.save()
    row.member_of.set(classes)
    changes = audit.diff(before, _values(row))
    audit.record("organisation.updated", actor=by, obj=row, changes=changes)
    return row


@transaction.atomic
def set_active(org: Organisation, active: bool, *, version: int, by: Actor) -> Organisation:
    """Deactivate (it owes no new reports and belongs to no class) or reactivate."""
    require_manage(by)
    row = locked(org, version)
    if row.is_active == active:
        return row
    if active and row.merged_into_id is not None:
        raise ValidationError(
            {
                "is_active": _(
                    "A merged organisation cannot be reactivated: use the one it was merged into."
                )
            }
        )
    row.is_active, row.version = active, row.version + 1
    row.save(update_fields=["is_active", "version"])
    action = "organisation.reactivated" if active else "organisation.deactivated"
    audit.record(action, actor=by, obj=row, changes={"is_active": [not active, active]})
    return row


@transaction.atomic
def merge_organisation(
    merged: Organisation, into: Organisation, *, version: int, by: Actor
) -> Organisation:
    """Move every reference to `merged` onto `into` (the survivor), then deactivate `merged`
    and remember where it went. Refused, with the collisions named, when a row would
    duplicate one the survivor already has (organisations.domain.merging)."""
    require_manage(by)
    first, second = sorted([merged.pk, into.pk])
    rows = {
        o.pk: o
        for o in Organisation.objects.select_for_update(of=("self",)).filter(pk__in=[first, second])
    }
    loser, survivor = rows[merged.pk], rows[into.pk]
    if loser.version != version:
        raise StaleObject(
            _("This organisation was changed by someone else meanwhile. Reload and retry.")
        )
    merging.check_mergeable(loser, survivor)
    moved = merging.move_references(loser, survivor)
    loser.is_active, loser.merged_into, loser.version = False, survivor, loser.version + 1
    loser.save(update_fields=["is_active", "merged_into", "version"])
    survivor.version += 1
    survivor.save(update_fields=["version"])
    audit.record(
        "organisation.merged",
        actor=by,
        obj=loser,
        changes={"merged_into": survivor.code, "moved": moved},
    )
    return survivor
