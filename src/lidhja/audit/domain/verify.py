"""Checking the audit chain end to end."""

from collections.abc import Iterator
from dataclasses import dataclass

from lidhja.audit.domain.chain import entry_hash, hashed_fields
from lidhja.audit.models import AuditEntry, AuditHead

GENESIS = "0" * 64


@dataclass(frozen=True)
class Problem:
    seq: int
    message: str

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.message}"


def _problems() -> Iterator[Problem]:
    expected_seq, prev_hash = 1, GENESIS
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            yield Problem(expected_seq, f"missing (next entry found is {entry.seq})")
        if entry.prev_hash != prev_hash:
            yield Problem(entry.seq, "does not link to the entry before it")
        if entry_hash(hashed_fields(entry), entry.prev_hash) != entry.hash:
            yield Problem(entry.seq, "content does not match its hash (altered)")
        expected_seq, prev_hash = entry.seq + 1, entry.hash
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != expected_seq - 1 or head_hash != prev_hash:
        yield Problem(head_seq, "newest entries are missing (chain head does not match)")


def verify_chain() -> tuple[int, list[Problem]]:
    """(number of entries checked, problems found)."""
    return AuditEntry.objects.count(), list(_problems())
