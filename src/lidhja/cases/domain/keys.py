"""Key rotation: a new current key in the keyring, then every sealed value re-encrypted."""

from collections.abc import Callable, Iterator
from typing import Any

from django.db import models, transaction

from lidhja.audit.domain import services as audit
from lidhja.cases.domain import crypto
from lidhja.cases.domain.attachments import reseal_file
from lidhja.cases.domain.sealed_columns import COLUMNS
from lidhja.cases.models import Attachment, Person
from lidhja.core import sealed

BATCH = 500


def _context(row: crypto.SealedRow) -> str:
    return row.context


def _name_context(row: crypto.SealedRow) -> str:
    return row.context + ":name"


# Every sealed column: (model, field, how the row binds its value).
SEALED: list[tuple[type[models.Model], str, Callable[[crypto.SealedRow], str]]] = [
    *((model, column, _context) for model, column, _path in COLUMNS),
    (Attachment, "sealed_name", _name_context),
]


def _batches(model: type[models.Model], field: str, current: str) -> Iterator[list[Any]]:
    rows = model._default_manager.exclude(**{f"{field}__isnull": True}).order_by("pk")
    if (model, field) == (Person, "sealed"):
        rows = rows.exclude(key_id=current)  # persons say which key sealed them
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last)[:BATCH])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def reencrypt() -> int:
    """Re-seal every value not sealed with the current key; how many were re-sealed."""
    ring = crypto.keyring()
    count = 0
    for model, field, context in SEALED:
        for batch in _batches(model, field, ring.current):
            changed = []
            for row in batch:
                token = bytes(getattr(row, field) or b"")
                if not token or ring.key_of(token) == ring.current:
                    continue
                setattr(row, field, ring.seal(ring.open(token, context(row)), context(row)))
                if (model, field) == (Person, "sealed"):
                    row.key_id = ring.current
                changed.append(row)
            if changed:
                fields = [field, "key_id"] if (model, field) == (Person, "sealed") else [field]
                with transaction.atomic():
                    model._default_manager.bulk_update(changed, fields)
                count += len(changed)
    count += sum(reseal_file(a) for a in Attachment.objects.filter(erased=False).iterator())
    count += sealed.reseal_registered()  # report evidence, evaluation files
    with transaction.atomic():
        audit.record("case.reencrypted", changes={"values": count, "key": ring.current})
    return count
