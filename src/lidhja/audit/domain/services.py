"""Writing to the audit log. Call `record` inside the transaction of the change it records."""

from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from lidhja.accounts.domain.actors import Actor
from lidhja.audit.domain import generations
from lidhja.audit.domain.actions import ACTIONS, READS, SECRET_KEYS, area_of
from lidhja.audit.domain.chain import entry_hash, hashed_fields, normalise
from lidhja.audit.domain.context import current_ip
from lidhja.audit.models import AuditEntry, AuditHead

MASK = "***"


class UnknownAction(ValueError):
    pass


def mask_secrets(changes: dict[str, Any]) -> dict[str, Any]:
    return {key: MASK if key.lower() in SECRET_KEYS else value for key, value in changes.items()}


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {key: [old.get(key), value] for key, value in new.items() if old.get(key) != value}


def _actor_fields(actor: Actor | None) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_label": "system", "organisation": ""}
    org = getattr(actor, "organisation", None)
    return {
        "actor": actor,
        "actor_label": actor.get_username(),
        "organisation": org.code if org else "",
    }


def _locked_head() -> AuditHead:
    head, _created = AuditHead.objects.select_for_update(of=("self",)).get_or_create(pk=1)
    return head


def _append(entry: AuditEntry) -> AuditEntry:
    """Chain `entry` onto the head: lock the head row, number and hash, insert, move the head.

    The head lock serialises every auditing transaction from here to its commit, so nothing
    but these three statements happens under it: callers record last, once the work is done.
    """
    head = _locked_head()
    entry.seq = head.seq + 1
    entry.prev_hash = head.hash
    entry.created_at = datetime.now(UTC)
    entry.hash = entry_hash(hashed_fields(entry), head.hash)
    entry.save(force_insert=True)
    moved = {"seq": entry.seq, "hash": entry.hash}
    if entry.action not in READS:
        moved["generations"] = {**head.generations, area_of(entry.action): entry.seq}
    AuditHead.objects.filter(pk=head.pk).update(**moved)
    generations.forget()
    return entry


def in_transaction() -> bool:
    """Whether the caller holds a transaction (the test suite makes this stricter: a
    transaction of the caller's own, not only the one every test runs in)."""
    return connection.in_atomic_block


def record(
    action: str,
    *,
    actor: Actor | None = None,
    obj: Model | None = None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEntry:
    """Append one entry to the chain. Must run inside the caller's transaction, and is best
    called as its last step (the chain head stays locked until the transaction commits)."""
    if action not in ACTIONS:
        raise UnknownAction(action)
    if not in_transaction():
        raise transaction.TransactionManagementError("audit.record needs a transaction")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    entry = AuditEntry(
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        changes=normalise(mask_secrets(changes or {})),
        reason=reason[:255],
        ip_address=current_ip.get(),
        action=action,
        **_actor_fields(actor),
    )
    return _append(entry)
