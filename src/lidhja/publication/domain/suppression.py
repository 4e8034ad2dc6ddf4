"""Complementary (secondary) suppression of published counts: the one implementation every
published figure goes through (the tables of a period, publication.domain.releases; the justice
tables and the UNODC comparison cells are tables of the same releases).

Hiding each count below the publication threshold is not enough when totals are published, or
can be worked out: a row total minus the shown cells of the row gives back its one hidden cell,
and two tables that both split the period's persons share that total even when neither prints
it. So more cells are hidden, until no hidden count can be recovered by solving the sums a
reader knows.

A period is published once and frozen (publication.domain.releases). When a later figure
shares a sum with frozen ones (a year with its four quarters), the frozen cells can no longer
change: a shown one is known to every reader who saved it, a hidden one stays unknown. Only the
new cells can be hidden, and they are hidden until no protected count follows from all the sums
the reader knows, old and new.

Pure Python, no Django.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

__all__ = ["Line", "decide", "recoverable"]


@dataclass(frozen=True)
class Line(Generic[K]):
    """A sum the reader knows holds: the count of `total` is the sum of the counts of `parts`.
    A total that is not printed, but that the reader can work out (the year's cases, shared by
    every table that splits them), is a cell like any other and is hidden like one."""

    total: K
    parts: tuple[K, ...]

    @property
    def cells(self) -> tuple[K, ...]:
        return (self.total, *self.parts)


def decide(
    counts: Mapping[K, int],
    lines: Sequence[Line[K]],
    threshold: int,
    *,
    known: frozenset[K] = frozenset(),
    withheld: frozenset[K] = frozenset(),
    unprotected: frozenset[K] = frozenset(),
) -> frozenset[K]:
    """The cells to hide, `withheld` included.

    - `known`: cells the reader already has (published before); never hidden.
    - `withheld`: cells the reader never had (hidden before, or never published); always hidden.
    - `unprotected`: withheld cells whose recovery would disclose nothing (a difference of
      `threshold` or more); they still count as unknowns, so they may protect others.
    Every other cell is free: hidden when below `threshold` (0 included), or as a complement.

    1. A line with hidden cells holds at least two, and when its total is shown its hidden
       parts add up to at least `threshold` (in absolute value); else one more free cell of the
       line is hidden (a part whose other lines already hold a hidden cell, then the smallest;
       the total last).
    2. No protected hidden cell may follow from all the lines by elimination; else a free cell
       of a line around it is hidden, and the search starts again.
    A line whose every cell is fixed cannot be helped and is left as it is: the frozen periods
    were decided safe on their own, and what they show is not new.

    With nothing known or withheld this is plain complementary suppression of one set of
    counts. Every cell a line names must be in `counts`. The result depends only on the
    arguments, in their order (the smallest shown cell wins; among equals, the one named first).
    """
    state = _State(counts, lines, known, withheld)
    state.hidden = set(withheld) | {
        key for key in counts if key not in known and counts[key] < threshold
    }
    while True:
        cell = _line_complement(state, threshold)
        if cell is None:
            cell = _system_complement(state, state.hidden - unprotected)
        if cell is None:
            return frozenset(state.hidden)
        state.hidden.add(cell)


class _State(Generic[K]):
    def __init__(
        self,
        counts: Mapping[K, int],
        lines: Sequence[Line[K]],
        known: frozenset[K],
        withheld: frozenset[K],
    ) -> None:
        self.counts = counts
        self.lines = lines
        self.fixed = known | withheld
        self.hidden: set[K] = set()
        self.order = {key: index for index, key in enumerate(counts)}
        self.lines_of: dict[K, list[Line[K]]] = {}
        for line in lines:
            for key in line.cells:
                self.lines_of.setdefault(key, []).append(line)

    def free(self, key: K) -> bool:
        return key not in self.fixed and key not in self.hidden

    def rank(self, key: K) -> tuple[int, int]:
        return abs(self.counts[key]), self.order[key]

    def lines_opened(self, key: K, besides: Line[K]) -> int:
        return sum(
            1
            for line in self.lines_of.get(key, [])
            if line is not besides and not self.hidden & set(line.cells)
        )


def _line_complement(state: _State[K], threshold: int) -> K | None:
    for line in state.lines:
        unknown = [key for key in line.cells if key in state.hidden]
        if not unknown:
            continue
        hidden_sum = abs(sum(state.counts[key] for key in line.parts if key in state.hidden))
        if len(unknown) == 1 or (line.total not in state.hidden and hidden_sum < threshold):
            cell = _complement(line, state)
            if cell is not None:
                return cell
    return None


def _complement(line: Line[K], state: _State[K]) -> K | None:
    shown = [key for key in line.parts if state.free(key)]
    if shown:
        return min(shown, key=lambda key: (state.lines_opened(key, line), state.rank(key)))
    return line.total if state.free(line.total) else None


def _system_complement(state: _State[K], protected: set[K]) -> K | None:
    found = set(recoverable(state.lines, state.hidden)) & protected
    for key in sorted(found, key=state.order.__getitem__):
        seen: set[K] = set()
        frontier = {key}
        while frontier:
            touching = [line for line in state.lines if frontier & set(line.cells)]
            for line in touching:
                cell = _complement(line, state)
                if cell is not None:
                    return cell
            seen |= frontier
            frontier = {cell for line in touching for cell in line.cells} - seen
    return None


def recoverable(lines: Sequence[Line[K]], hidden: set[K]) -> list[K]:
    """The hidden cells whose count follows from the lines, the shown counts being known.

    Each line is an equation over the hidden cells (+1 a part, -1 the total; the shown cells
    only move the constant). A cell's count follows from them exactly when a row of the reduced
    row echelon form of the system is that cell alone.
    """
    rows: list[dict[K, Fraction]] = []
    for line in lines:
        row: dict[K, Fraction] = {}
        for key in line.parts:
            if key in hidden:
                row[key] = row.get(key, Fraction(0)) + 1
        if line.total in hidden:
            row[line.total] = row.get(line.total, Fraction(0)) - 1
        row = {key: value for key, value in row.items() if value}
        if row:
            rows.append(row)
    return [pivot for pivot, row in _reduced(rows) if len(row) == 1]


def _reduced(rows: list[dict[K, Fraction]]) -> list[tuple[K, dict[K, Fraction]]]:
    """Gauss-Jordan elimination on sparse rows: (pivot, row) pairs of the reduced form."""
    reduced: list[tuple[K, dict[K, Fraction]]] = []
    for row in rows:
        for pivot, other in reduced:
            factor = row.get(pivot)
            if factor:
                row = _subtract(row, other, factor)
        if not row:
            continue
        pivot = next(iter(row))
        scale = row[pivot]
        row = {key: value / scale for key, value in row.items()}
        reduced = [
            (p, _subtract(other, row, other[pivot]) if pivot in other else other)
            for p, other in reduced
        ]
        reduced.append((pivot, row))
    return reduced


def _subtract(
    row: dict[K, Fraction], other: dict[K, Fraction], factor: Fraction
) -> dict[K, Fraction]:
    result = dict(row)
    for key, value in other.items():
        result[key] = result.get(key, Fraction(0)) - factor * value
        if not result[key]:
            del result[key]
    return result
