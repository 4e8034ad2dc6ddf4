"""From a file on disk to a plan in the database, all or nothing."""

import hashlib
from pathlib import Path
from typing import Any

from lidhja.accounts.domain.actors import Actor
from lidhja.organisations.models import Organisation
from lidhja.plans.domain import services
from lidhja.plans.interfaces.readers import read_plan_source
from lidhja.plans.interfaces.validation import validate
from lidhja.plans.models import Plan


def digest_of(path: Path) -> str:
    sha = hashlib.sha256()
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    for file in files:
        sha.update(file.read_bytes())
    return sha.hexdigest()


def import_plan_file(path: Path, *, by: Actor, overrides: dict[str, Any] | None = None) -> Plan:
    """Read, validate whole, then write in one transaction.

    Raises `UnreadableFile` or `PlanImportError` (listing every problem) before any write.
    """
    raw = read_plan_source(path)
    spec = validate(
        raw,
        known_orgs=set(Organisation.objects.values_list("code", flat=True)),
        existing_plans=set(Plan.objects.values_list("code", flat=True)),
        overrides=overrides,
    )
    return services.import_plan(spec, by=by, digest=digest_of(path))
