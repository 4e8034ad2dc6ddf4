"""Complementary suppression when some cells are already known to the reader, or already hidden
from them for good: cases.domain.suppression generalised to published periods.

A period is published once and frozen (publication.domain.releases). When a later figure
shares a sum with frozen ones (a year with its four quarters), the frozen cells can no longer
change: a shown one is known to every reader who saved it, a hidden one stays unknown. Only the
new cells can be hidden, and they are hidden until no protected count follows from all the sums
the reader knows, old and new.

Pure Python, no Django.
"""

from collections.abc import Hashable, Mapping, Sequence
from typing import Generic, TypeVar

from lidhja.cases.domain.suppression import Line
from lidhja.cases.domain.suppression import _recoverable as recoverable

K = TypeVar("K", bound=Hashable)

__all__ = ["Line", "decide", "recoverable"]


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
