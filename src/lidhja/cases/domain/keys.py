"""Key rotation: a new current key in the keyring, then every sealed value re-encrypted."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
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


# --- which keys the stored data need --------------------------------------------------------


def key_id_of(token: bytes | memoryview | None) -> str | None:
    """The id of the key that sealed `token`, read from its header; None if it is not sealed."""
    token = bytes(token or b"")
    if len(token) < 3 or token[:2] != crypto.MAGIC or len(token) < 3 + token[2]:
        return None
    return token[3 : 3 + token[2]].decode("utf-8", errors="replace")


def binary_columns() -> "list[tuple[type[models.Model], models.BinaryField[Any, Any]]]":
    """Every binary column of Lidhja's models: where sealed values live, whatever the app."""
    return [
        (model, field)
        for config in apps.get_app_configs()
        if config.name.startswith("lidhja.")
        for model in config.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.BinaryField)
    ]


def sealed_files() -> Iterator[Path]:
    """The sealed files among the private files (case attachments and any other `.sealed`)."""
    root = Path(settings.LIDHJA_PRIVATE_FILES)
    return (
        (path for path in root.rglob("*.sealed") if path.is_file()) if root.is_dir() else iter(())
    )


def file_key_id(path: Path) -> str | None:
    with path.open("rb") as handle:
        return key_id_of(handle.read(3 + 255))


def stored_key_ids() -> set[str]:
    """The ids of every key the database's sealed values and the sealed files were sealed with."""
    found: set[str] = set()
    for model, field in binary_columns():
        values = model._default_manager.exclude(**{f"{field.name}__isnull": True})
        for token in values.values_list(field.name, flat=True).iterator(chunk_size=2000):
            key_id = key_id_of(token)
            if key_id:
                found.add(key_id)
    found.update(key_id for key_id in map(file_key_id, sealed_files()) if key_id)
    return found
