"""Hashing of audit entries: one canonical form, used when writing and when verifying."""

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from lidhja.audit.models import AuditEntry


def canonical_json(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))


def normalise(value: Any) -> Any:
    """What a JSON column gives back for `value`: dates and decimals become strings."""
    return json.loads(canonical_json(value))


def entry_hash(fields: dict[str, Any], prev_hash: str) -> str:
    body = canonical_json({**fields, "prev_hash": prev_hash})
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    """The fields of an entry that its hash covers, in their stored form."""
    return {
        "seq": entry.seq,
        "created_at": entry.created_at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "organisation": entry.organisation,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes,
        "reason": entry.reason,
        "ip_address": entry.ip_address,
    }
