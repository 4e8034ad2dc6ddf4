"""Loading the organisations named in the seed Action Plan."""

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from lidhja.accounts.domain.actors import Actor
from lidhja.audit.domain import services as audit
from lidhja.organisations.models import Organisation

SEED_FILE = Path(__file__).resolve().parents[1] / "seed" / "organisations.yaml"
FIELDS = ("abbreviation", "name", "name_sq", "kind", "level", "qark", "collective")


def organisation_values(row: dict[str, Any]) -> dict[str, Any]:
    values = {field: row.get(field, "") for field in FIELDS}
    values["collective"] = bool(row.get("collective", False))
    values["abbreviation"] = values["abbreviation"] or ""
    return values


def seed_rows(path: Path = SEED_FILE) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["organisations"]
    return rows


@transaction.atomic
def ensure_organisations(rows: list[dict[str, Any]], *, by: Actor) -> int:
    """Create the organisations of `rows` that do not exist yet; returns how many were made."""
    existing = set(Organisation.objects.values_list("code", flat=True))
    created = 0
    for row in rows:
        if row["code"] in existing:
            continue
        org = Organisation(code=row["code"], **organisation_values(row))
        org.full_clean()
        org.save()
        audit.record("organisation.created", actor=by, obj=org, changes={"code": org.code})
        existing.add(org.code)
        created += 1
    return created
