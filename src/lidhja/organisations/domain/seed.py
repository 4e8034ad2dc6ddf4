"""Loading the organisations named in the seed Action Plan, with their classes and parents.

Safe to run again: it creates the organisations that are missing and, on existing ones, fills
in only what is still empty — a class's membership rule, a parent, the classes of an
organisation that belongs to none, the services of one that provides none — so what ONAC
changed on the pages is never undone.
"""

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from lidhja.accounts.domain.actors import Actor
from lidhja.audit.domain import services as audit
from lidhja.organisations.models import Membership, Organisation

SEED_FILE = Path(__file__).resolve().parents[1] / "seed" / "organisations.yaml"
FIELDS = (
    "abbreviation",
    "name",
    "name_sq",
    "kind",
    "level",
    "qark",
    "collective",
    "membership",
    "membership_kind",
)


def organisation_values(row: dict[str, Any]) -> dict[str, Any]:
    values = {field: row.get(field) or "" for field in FIELDS}
    values["collective"] = bool(row.get("collective", False))
    values["services"] = list(row.get("services") or [])
    if values["collective"] and not values["membership"]:
        values["membership"] = Membership.EXPLICIT  # a plan file's new class: members by name
    return values


def seed_rows(path: Path = SEED_FILE) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["organisations"]
    return rows


@transaction.atomic
def ensure_organisations(rows: list[dict[str, Any]], *, by: Actor) -> int:
    """Create the organisations of `rows` that do not exist yet and fill in the empty structure
    of existing ones; returns how many were made."""
    by_code = {org.code: org for org in Organisation.objects.all()}
    created = 0
    for row in rows:
        if row["code"] in by_code:
            continue
        org = Organisation(code=row["code"], **organisation_values(row))
        org.full_clean(exclude=["parent"])
        org.save()
        audit.record("organisation.created", actor=by, obj=org, changes={"code": org.code})
        by_code[org.code] = org
        created += 1
    for row in rows:
        _fill_structure(by_code[row["code"]], row, by_code, by=by)
    return created


def _fill_structure(
    org: Organisation, row: dict[str, Any], by_code: dict[str, Organisation], *, by: Actor
) -> None:
    changed: list[str] = []
    if org.collective and not org.membership and row.get("membership"):
        org.membership = row["membership"]
        org.membership_kind = row.get("membership_kind") or ""
        changed += ["membership", "membership_kind"]
    if not org.services and row.get("services"):
        org.services = list(row["services"])
        changed.append("services")
    if org.parent_id is None and row.get("parent"):
        org.parent = by_code[row["parent"]]
        changed.append("parent")
    if changed:
        org.version += 1
        org.save(update_fields=[*changed, "version"])
    classes = [by_code[code] for code in row.get("member_of", [])]
    if classes and not org.member_of.exists():
        org.member_of.set(classes)
        changed.append("member_of")
    if changed:
        audit.record(
            "organisation.updated", actor=by, obj=org, changes={"fields": sorted(set(changed))}
        )
