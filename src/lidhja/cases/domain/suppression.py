"""Complementary (secondary) suppression of published counts.

Hiding each count below the publication threshold is not enough when totals are published, or
can be worked out: a row total minus the shown cells of the row gives back its one hidden cell,
and two tables that both split the year's cases (by status, by source) share that total even
when neither prints it. So more cells are hidden, until no hidden count can be recovered by
solving the sums a reader knows.

Pure Python, no Django: publication.domain.suppression builds on it for published periods.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


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


def suppress(counts: Mapping[K, int], lines: Sequence[Line[K]], threshold: int) -> frozenset[K]:
    """The cells to hide so that no count below `threshold` can be worked out.

    1. Primary: every count below the threshold, an empty one (0) included.
    2. Complementary, line by line: a line with hidden cells must hold at least two of them, and
       when its total is shown, its hidden parts must add up to at least the threshold (so the
       hidden cells together could hold any small count). Otherwise one more part is hidden:
       one whose other lines already hold a hidden cell, then the smallest; or the total when
       every part already is.
    3. Across lines (a table's rows and columns, tables sharing a total), no hidden count may
       follow from the sums by elimination; the smallest shown cell of a line of such a count
       is hidden, and the search starts again.

    Every cell a line names must be in `counts`. The result depends only on the arguments, in
    their order (the smallest shown cell wins; among equals, the one named first).
    """
    state = _State(counts, lines)
    state.hidden = {key for key, count in counts.items() if count < threshold}
    while True:
        cell = _line_complement(state, threshold)
        if cell is None:
            cell = _system_complement(state)
        if cell is None:
            return frozenset(state.hidden)
        state.hidden.add(cell)


class _State(Generic[K]):
    def __init__(self, counts: Mapping[K, int], lines: Sequence[Line[K]]) -> None:
        self.counts = counts
        self.lines = lines
        self.hidden: set[K] = set()
        self.order = {key: index for index, key in enumerate(counts)}
        self.lines_of: dict[K, list[Line[K]]] = {}
        for line in lines:
            for key in line.cells:
                self.lines_of.setdefault(key, []).append(line)

    def rank(self, key: K) -> tuple[int, int]:
        """Smallest count first, then the cell named first."""
        return self.counts[key], self.order[key]

    def lines_opened(self, key: K, besides: Line[K]) -> int:
        """How many lines of `key` other than `besides` hold no hidden cell yet."""
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
        hidden_sum = sum(state.counts[key] for key in line.parts if key in state.hidden)
        if len(unknown) == 1 or (line.total not in state.hidden and hidden_sum < threshold):
            return _complement(line, state)
    return None


def _complement(line: Line[K], state: _State[K]) -> K | None:
    """The shown part of `line` to hide with its hidden cells: one whose other lines already
    hold a hidden cell (so that hidden cells pair up across rows and columns instead of
    spreading), then the smallest; the total when every part is hidden already."""
    shown = [key for key in line.parts if key not in state.hidden]
    if shown:
        return min(shown, key=lambda key: (state.lines_opened(key, line), state.rank(key)))
    return None if line.total in state.hidden else line.total


def _system_complement(state: _State[K]) -> K | None:
    """A cell to hide so that one more recoverable count is no longer recoverable, or None."""
    for key in sorted(_recoverable(state.lines, state.hidden), key=state.order.__getitem__):
        # Widen from the recoverable count's own lines to the lines of the hidden cells they
        # hold, until one line has a shown cell to hide.
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


def _recoverable(lines: Sequence[Line[K]], hidden: set[K]) -> list[K]:
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
