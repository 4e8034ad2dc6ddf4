"""k-anonymity of a table of records: every combination of quasi-identifier values that the
table shows is shown for at least k records, so no published row stands for fewer than k
persons. Pure Python, no Django.

Each column has a generalisation hierarchy (`Hierarchy`): level 0 is the value itself, each
level above is coarser (a year becomes a band of years, a sub-region its region), and the top
level is always the empty cell, "missing". The table is made k-anonymous in three steps, the
least destructive first:

1. Global recoding. While more than `local_share` of the records sit in combinations seen
   fewer than k times, one column is generalised one level, for every record: the column whose
   step leaves the fewest records in such small combinations, a step that keeps a value (a year
   to its band, a sub-region to its region) before one that blanks a column, and a column is
   blanked for all in `local_order` (the least asked-for first).
2. Local recoding. The records still in small combinations have one value after another
   blanked ("values -> missing"), column by column in `local_order`, until their combination
   joins one seen at least k times. Combinations already seen k times are never touched, so
   this only adds records to them.
3. Suppression, the last resort: the records whose combination, with every column blanked,
   is still seen fewer than k times are left out.

A multi-valued cell ("Southern Europe;Western Europe") is generalised value by value, and the
results are joined again, sorted and without repeats.
"""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Row = tuple[str, ...]
SEPARATOR = ";"


@dataclass(frozen=True)
class Hierarchy:
    """The generalisation steps of one column: `steps[i]` maps a level-0 value to its value
    at level i + 1. A last step to "missing" is implied."""

    column: str
    steps: tuple[Callable[[str], str], ...] = ()

    @property
    def top(self) -> int:
        return len(self.steps) + 1

    def at(self, value: str, level: int) -> str:
        if level == 0 or not value:
            return value
        if level >= self.top:
            return ""
        step = self.steps[level - 1]
        parts = sorted({step(part) for part in value.split(SEPARATOR)} - {""})
        return SEPARATOR.join(parts)


@dataclass(frozen=True)
class Result:
    rows: list[Row]  # sorted, so that the order says nothing of the register's order
    levels: dict[str, int]  # the global level of each column
    locally_generalised: int  # records in a small combination before step 2, kept after it
    suppressed: int  # records left out in step 3


def anonymise(
    rows: Sequence[Row],
    hierarchies: Sequence[Hierarchy],
    k: int,
    *,
    local_order: Sequence[int] | None = None,
    local_share: float = 0.05,
) -> Result:
    """`rows` made k-anonymous over every column (each row has one value per hierarchy)."""
    originals = Counter(rows)
    levels = [0] * len(hierarchies)
    budget = int(local_share * len(rows))
    order = list(range(len(hierarchies))) if local_order is None else list(local_order)
    while (small := _small(_recode(originals, hierarchies, levels), k)) > budget:
        step = _next_step(originals, hierarchies, levels, k, small, order)
        if step is None:
            break
        levels[step] += 1
    classes = _recode(originals, hierarchies, levels)
    classes, touched = _blank(classes, order, k)
    kept = Counter({row: n for row, n in classes.items() if n >= k})
    suppressed = sum(n for row, n in classes.items() if n < k)
    return Result(
        rows=sorted(kept.elements()),
        levels={h.column: level for h, level in zip(hierarchies, levels, strict=True)},
        locally_generalised=touched - suppressed,
        suppressed=suppressed,
    )


def smallest_class(rows: Sequence[Row]) -> int:
    """How many times the rarest combination of `rows` appears (0 for no rows)."""
    counts = Counter(rows)
    return min(counts.values()) if counts else 0


def _recode(
    originals: Counter[Row], hierarchies: Sequence[Hierarchy], levels: list[int]
) -> Counter[Row]:
    # Each column's distinct values are recoded once, then every row is looked up.
    distinct = [set(column) for column in zip(*originals, strict=True)] or [
        set() for _ in hierarchies
    ]
    recode = [
        {value: h.at(value, level) for value in values}
        for h, values, level in zip(hierarchies, distinct, levels, strict=True)
    ]
    recoded: Counter[Row] = Counter()
    for row, n in originals.items():
        recoded[tuple(m[value] for m, value in zip(recode, row, strict=True))] += n
    return recoded


def _small(classes: Counter[Row], k: int) -> int:
    return sum(n for n in classes.values() if n < k)


def _next_step(
    originals: Counter[Row],
    hierarchies: Sequence[Hierarchy],
    levels: list[int],
    k: int,
    small: int,
    order: list[int],
) -> int | None:
    """The column to generalise one level: among the steps that keep a value (not yet to
    "missing") and leave fewer records in small combinations, the one that leaves fewest
    (ties: the column first); when none does, the first column in `order` whose blanking
    leaves fewer; else the step that leaves fewest."""
    after = {
        i: _after_step(originals, hierarchies, levels, i, k)
        for i, h in enumerate(hierarchies)
        if levels[i] < h.top
    }
    if not after:
        return None
    keeping = {i: n for i, n in after.items() if levels[i] + 1 < hierarchies[i].top and n < small}
    if keeping:
        return min(keeping, key=lambda i: (keeping[i], i))
    blanking = [i for i in order if i in after and after[i] < small]
    return blanking[0] if blanking else min(after, key=lambda i: (after[i], i))


def _after_step(
    originals: Counter[Row],
    hierarchies: Sequence[Hierarchy],
    levels: list[int],
    column: int,
    k: int,
) -> int:
    raised = [level + 1 if i == column else level for i, level in enumerate(levels)]
    return _small(_recode(originals, hierarchies, raised), k)


def _blank(classes: Counter[Row], order: list[int], k: int) -> tuple[Counter[Row], int]:
    """Step 2: blank one column after another in the small combinations. Returns the classes
    and how many records were in a small combination before it started."""
    touched = _small(classes, k)
    for column in order:
        small = [row for row, n in classes.items() if n < k]
        if not small:
            break
        for row in small:
            if classes[row] >= k:  # grown to k by the records blanked into it just now
                continue
            n = classes.pop(row)
            classes[(*row[:column], "", *row[column + 1 :])] += n
    return classes, touched
