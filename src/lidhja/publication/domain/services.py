"""State changes of national statistics: publishing a period (frozen from then on), and adding
a version of a definition (never rewriting one)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lidhja.accounts.domain.actors import SYSTEM, Actor
from lidhja.accounts.domain.errors import DomainError, PermissionDenied, StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.audit.domain import services as audit
from lidhja.publication.domain.periods import Period
from lidhja.publication.domain.releases import (
    count_amounts,
    count_cells,
    decide_period,
    shown_amounts,
)
from lidhja.publication.domain.seed import DEFINITIONS
from lidhja.publication.domain.tables import TABLES
from lidhja.publication.models import Definition, ReferenceDate, Release, Unit

FIELDS = (
    "title_en",
    "title_sq",
    "unit",
    "reference_date",
    "inclusion_en",
    "inclusion_sq",
    "disaggregations",
)


def _check(by: Actor, permission: str, message: str) -> None:
    # SYSTEM is the operator at the server's command line, who holds the server itself.
    if by is not SYSTEM and not can(by, permission):
        raise PermissionDenied(message)


def _user(by: Actor) -> Any:
    return None if by is SYSTEM else by


@transaction.atomic
def publish(period: Period, *, by: Actor) -> Release:
    """Decide and freeze the published cells of a period that has ended. A year is published
    after its four quarters, and decided with them (publication.domain.releases)."""
    _check(by, "statistics.publish", _("You may not publish statistics."))
    if period.end >= timezone.localdate():
        raise DomainError(_("The period %(period)s has not ended yet.") % {"period": period})
    quarters = None
    if period.is_year:
        codes = [q.code for q in period.quarters()]
        quarters = list(
            Release.objects.select_for_update(of=("self",))
            .filter(period__in=codes)
            .order_by("quarter")
        )
        if len(quarters) < len(codes):
            raise DomainError(
                _("Publish the four quarters of %(year)s before the year.") % {"year": period}
            )
    if Release.objects.filter(period=period.code).exists():
        raise DomainError(_("%(period)s is already published.") % {"period": period})
    counts = count_cells(period)
    hidden = decide_period(period, counts, quarters)
    threshold = settings.LIDHJA_PUBLICATION_THRESHOLD
    cells = {key: None if key in hidden else n for key, n in counts.items()}
    amounts = shown_amounts(count_amounts(period), cells, threshold)
    release = Release(
        period=period.code,
        year=period.year,
        quarter=period.quarter,
        threshold=threshold,
        definitions=current_versions(),
        cells=[[t, c, n] for (t, c), n in cells.items()],
        withheld=[[t, c, n] for (t, c), n in counts.items() if (t, c) in hidden],
        amounts=[[t, c, str(a)] for (t, c), a in amounts.items()],
        published_at=timezone.now(),
        published_by=_user(by),
    )
    try:
        with transaction.atomic():
            release.save()
    except IntegrityError:  # published meanwhile by someone else
        raise DomainError(_("%(period)s is already published.") % {"period": period}) from None
    audit.record(
        "statistics.published",
        actor=_user(by),
        obj=release,
        changes={"period": period.code, "hidden": len(hidden), "cells": len(counts)},
    )
    return release


def current_versions() -> dict[str, int]:
    """The newest version of the definition of every published table."""
    found: dict[str, int] = {}
    for code, version in Definition.objects.filter(code__in=TABLES).values_list("code", "version"):
        found[code] = max(version, found.get(code, 0))
    return found


@transaction.atomic
def define(code: str, values: dict[str, Any], *, version: int, by: Actor) -> Definition:
    """Add a version of a definition; `version` is the one the editor started from (a
    definition changed meanwhile is refused as stale). Older versions stay as they are."""
    _check(by, "statistics.define", _("You may not change statistical definitions."))
    latest = (
        Definition.objects.select_for_update(of=("self",))
        .filter(code=code)
        .order_by("-version")
        .first()
    )
    if latest is None:
        raise ValidationError({"code": _("There is no definition %(code)s.") % {"code": code}})
    if latest.version != version:
        raise StaleObject(_("This definition was changed meanwhile: reload it and try again."))
    _validate(values)
    changed = [name for name in FIELDS if values[name] != getattr(latest, name)]
    if not changed:
        raise ValidationError({"__all__": _("Nothing was changed.")})
    new = Definition(code=code, version=latest.version + 1, created_by=_user(by))
    for name in FIELDS:
        setattr(new, name, values[name])
    new.full_clean()
    new.save()
    audit.record(
        "statistics.definition_changed",
        actor=_user(by),
        obj=new,
        changes={"version": [latest.version, new.version], "fields": changed},
    )
    return new


def _validate(values: dict[str, Any]) -> None:
    errors = {}
    for name in FIELDS:
        if name not in values:
            errors[name] = _("This field is required.")
    if values.get("unit") not in Unit.values:
        errors["unit"] = _("Choose a counting unit from the list.")
    if values.get("reference_date") not in ReferenceDate.values:
        errors["reference_date"] = _("Choose a reference date from the list.")
    for name in ("title_en", "title_sq", "inclusion_en", "inclusion_sq"):
        if not str(values.get(name) or "").strip():
            errors[name] = _("This field is required.")
    parts = values.get("disaggregations")
    if not isinstance(parts, list) or not all(isinstance(p, str) and p for p in parts):
        errors["disaggregations"] = _("Give the disaggregations as a list of names.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def seed_definitions(*, by: Actor = SYSTEM) -> int:
    """Version 1 of each shipped definition that the registry does not hold yet."""
    _check(by, "statistics.define", _("You may not change statistical definitions."))
    held = set(Definition.objects.values_list("code", flat=True))
    new = [
        Definition(code=code, version=1, created_by=_user(by), **values)
        for code, values in DEFINITIONS.items()
        if code not in held
    ]
    Definition.objects.bulk_create(new)
    if new:
        audit.record(
            "statistics.definitions_seeded",
            actor=_user(by),
            object_type="publication.definition",
            changes={"created": len(new)},
        )
    return len(new)
