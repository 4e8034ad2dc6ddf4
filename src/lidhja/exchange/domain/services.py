"""The changes the exchange module makes: importing a reference series, and recording that
Lidhja's figures left the system (the exports)."""

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lidhja.accounts.domain.actors import SYSTEM, Actor
from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.audit.domain import services as audit
from lidhja.exchange.domain.reference import ReferenceRow
from lidhja.exchange.models import ReferenceImport, ReferenceValue

BATCH = 2000


def _require(by: Actor, permission: str) -> None:
    # SYSTEM is the operator at the server's command line, who holds the server itself.
    if by is not SYSTEM and not can(by, permission):
        raise PermissionDenied(_("You may not import or export exchange data."))


@transaction.atomic
def import_reference(
    series: str,
    rows: Sequence[ReferenceRow],
    *,
    by: Actor,
    file_name: str,
    sha256: str,
    replaces: int | None = None,
) -> ReferenceImport:
    """Store a validated file as the series' values, replacing the values of its previous
    import whole (that import is kept, marked replaced). `replaces`, when given, is the import
    the caller saw as current: another import since then is refused as stale."""
    _require(by, "exchange.import")
    current = (
        ReferenceImport.objects.select_for_update(of=("self",))
        .filter(series=series, replaced_at__isnull=True)
        .first()
    )
    if replaces is not None and (current is None or current.pk != replaces):
        raise StaleObject(_("Another import of this series was made meanwhile."))
    if current is not None:
        current.values.all().delete()
        current.replaced_at = timezone.now()
        current.save(update_fields=["replaced_at"])
    batch = ReferenceImport.objects.create(
        series=series,
        file_name=file_name[:255],
        sha256=sha256,
        rows=len(rows),
        imported_by=None if by is SYSTEM else by,
    )
    ReferenceValue.objects.bulk_create((_value(batch, row) for row in rows), batch_size=BATCH)
    audit.record(
        "exchange.reference_imported",
        actor=by,
        obj=batch,
        changes={
            "series": series,
            "rows": len(rows),
            "sha256": sha256,
            "replaced_import": current.pk if current else None,
        },
    )
    return batch


def _value(batch: ReferenceImport, row: ReferenceRow) -> ReferenceValue:
    return ReferenceValue(
        batch=batch,
        row=row.row,
        iso3=row.iso3,
        country=row.country,
        region=row.region,
        subregion=row.subregion,
        indicator=row.indicator,
        dimension=row.dimension,
        category=row.category,
        sex=row.sex,
        age=row.age,
        year=row.year,
        unit=row.unit,
        text=row.text,
        value=row.value,
        source=row.source,
    )


@transaction.atomic
def record_export(standard: str, details: dict[str, Any], *, by: Actor) -> None:
    """Audit an export of Lidhja's figures (aggregates or k-anonymous records)."""
    _require(by, "exchange.export")
    audit.record(
        "exchange.exported",
        actor=by,
        object_type="exchange.export",
        object_id=standard,
        object_repr=standard,
        changes={"standard": standard, **details},
    )
