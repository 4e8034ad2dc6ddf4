"""Loading the bodies of the seed's co-ordination structure (idempotent, `lidhja setup`)."""

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from lidhja.accounts.domain.actors import Actor
from lidhja.audit.domain import services as audit
from lidhja.coordination.models import Body, MemberRole, Membership
from lidhja.organisations.models import Organisation

SEED_FILE = Path(__file__).resolve().parents[1] / "seed" / "bodies.yaml"
ORGANISATION_FIELDS = ("organisation", "chair", "secretariat")


def seed_rows(path: Path = SEED_FILE) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["bodies"]
    return rows


def _seats(row: dict[str, Any]) -> list[tuple[str, str]]:
    """(organisation code, role) of every seat of the body, chair and secretariat first; an
    organisation holds one seat (ONAC chairs the Task Force and is its secretariat)."""
    seats: dict[str, str] = {}
    for code, role in [(row.get("chair"), "chair"), (row.get("secretariat"), "secretariat")]:
        if code:
            seats.setdefault(code, role)
    for code in row["members"]:
        seats.setdefault(code, MemberRole.MEMBER)
    return list(seats.items())


@transaction.atomic
def ensure_bodies(rows: list[dict[str, Any]], *, by: Actor) -> tuple[int, int]:
    """Create the bodies of `rows` that do not exist, and give every body the seats of its row
    whose organisation exists and never sat in it. Returns (bodies, memberships) created."""
    orgs = {o.code: o for o in Organisation.objects.all()}
    bodies = {b.code: b for b in Body.objects.all()}
    made = seated = 0
    for row in rows:
        body = bodies.get(row["code"])
        if body is None:
            body = _create(row, orgs)
            made += 1
        sat = set(body.memberships.values_list("organisation__code", flat=True))
        for code, role in _seats(row):
            if code in orgs and code not in sat:
                Membership.objects.create(body=body, organisation=orgs[code], role=role)
                seated += 1
    if made or seated:
        audit.record(
            "coordination.bodies_seeded",
            actor=by,
            object_type="coordination.body",
            changes={"bodies": made, "memberships": seated},
        )
    return made, seated


def _create(row: dict[str, Any], orgs: dict[str, Organisation]) -> Body:
    body = Body(
        code=row["code"],
        name=row["name"],
        name_sq=row.get("name_sq", ""),
        kind=row["kind"],
        qark=row.get("qark", ""),
        meetings_per_year=row.get("meetings_per_year", 0),
        **{field: orgs.get(row.get(field, "")) for field in ORGANISATION_FIELDS},
    )
    body.full_clean()
    body.save()
    return body
