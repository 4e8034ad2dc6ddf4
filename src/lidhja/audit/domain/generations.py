"""Generations: when the data of an area last changed.

Every change of state writes an audit entry in its own transaction (the service template), and
appending an entry moves the chain head. The head also remembers, per area (the part of the
action's name before the dot: `monitoring`, `plan`, `case`, ...), the sequence number of the
newest entry that changed data; reads and downloads (`actions.READS`) leave it alone. A
cached figure or a stored document is keyed on the generations of the areas it is made from,
so it is renewed by the first write after it and by nothing else.

A restore from a backup (`backup.restored`) renews everything: every generation includes the
`backup` area's.

Read the generation *before* reading the data it guards: a write that commits in between
then only leaves behind an entry under the old key, which nobody asks for again.

Within a request (`one_reading`, opened by the audit middleware) the head is read once, at the
first generation asked for, and that reading serves the request's later ones: still read
before the data they guard. Once the request appends an entry, every later generation is
read afresh: it sees its own write, and, should the write roll back, the head without it.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from lidhja.audit.domain.actions import ACTIONS, area_of
from lidhja.audit.models import AuditHead

AREAS = frozenset(area_of(action) for action in ACTIONS)


class UnknownArea(ValueError):
    pass


def generation(*areas: str) -> int:
    """The sequence number of the newest data-changing entry in any of `areas` (0 if none).

    Sequence numbers only grow, so the value changes whenever any of the areas changes."""
    unknown = set(areas) - AREAS
    if unknown or not areas:
        raise UnknownArea(", ".join(sorted(unknown)) or "no area named")
    head = _head()
    return max(int(head.get(area, 0)) for area in {*areas, "backup"})


class _Reading:
    head: dict[str, Any] | None = None
    wrote = False


_reading: ContextVar[_Reading | None] = ContextVar("generations_reading", default=None)


@contextmanager
def one_reading() -> Iterator[None]:
    """Within: the head's generations are read once, and again only after an append."""
    token = _reading.set(_Reading())
    try:
        yield
    finally:
        _reading.reset(token)


def forget() -> None:
    """The head moved (an entry was appended): from now on each generation reads it."""
    if (reading := _reading.get()) is not None:
        reading.head, reading.wrote = None, True


def _head() -> dict[str, Any]:
    reading = _reading.get()
    if reading is not None and reading.head is not None:
        return reading.head
    head = AuditHead.objects.filter(pk=1).values_list("generations", flat=True).first() or {}
    if reading is not None and not reading.wrote:
        reading.head = head
    return head
