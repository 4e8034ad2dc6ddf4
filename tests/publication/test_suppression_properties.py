"""Complementary suppression (publication.domain.suppression.decide, with nothing known or
withheld before): for any table, no hidden count can be worked out from the shown cells and
totals. The oracle is independent of the implementation: a hidden count is recoverable exactly
when dropping its column lowers the rank of the system the hidden cells must satisfy (numpy's
rank, not the module's elimination); the module's own `recoverable` must agree with it."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lidhja.publication.domain.suppression import Line, decide
from lidhja.publication.domain.suppression import recoverable as module_recoverable

THRESHOLD = 5
counts_st = st.integers(min_value=0, max_value=40)


def recoverable(lines, hidden) -> set:
    keys = sorted(hidden, key=repr)
    if not keys:
        return set()
    matrix = np.array(
        [
            [(key in line.parts) - (key == line.total) for key in keys]
            for line in lines
            if hidden & set(line.cells)
        ]
        or [[0] * len(keys)],
        dtype=float,
    )
    rank = np.linalg.matrix_rank(matrix)
    return {
        key
        for index, key in enumerate(keys)
        if np.linalg.matrix_rank(np.delete(matrix, index, axis=1)) < rank
    }


def check(counts: dict, lines: list[Line], hidden: frozenset) -> None:
    assert {key for key, n in counts.items() if n < THRESHOLD} <= hidden
    assert recoverable(lines, hidden) == set()
    assert set(module_recoverable(lines, set(hidden))) == set()
    for line in lines:
        unknown = [key for key in line.cells if key in hidden]
        assert len(unknown) != 1, (line, unknown)
        if unknown and line.total not in hidden:
            assert sum(counts[key] for key in line.parts if key in hidden) >= THRESHOLD


def one_way(cells: list[int]) -> tuple[dict, list[Line]]:
    counts = {("cell", i): n for i, n in enumerate(cells)}
    counts["total"] = sum(cells)
    return counts, [Line("total", tuple(key for key in counts if key != "total"))]


def two_way(grid: list[list[int]], name: str = "t") -> tuple[dict, list[Line]]:
    """A table with its row totals ("row", r), column totals and grand total ("all",)."""
    rows, columns = range(len(grid)), range(len(grid[0]))
    counts = {(name, r, c): grid[r][c] for r in rows for c in columns}
    counts |= {("row", r): sum(grid[r]) for r in rows}
    counts |= {(name, "column", c): sum(grid[r][c] for r in rows) for c in columns}
    counts[("all",)] = sum(map(sum, grid))
    lines = [Line(("row", r), tuple((name, r, c) for c in columns)) for r in rows]
    lines += [Line((name, "column", c), tuple((name, r, c) for r in rows)) for c in columns]
    lines += [Line(("all",), tuple((name, "column", c) for c in columns))]
    lines += [Line(("all",), tuple(("row", r) for r in rows))]
    return counts, lines


def grids(rows: int, columns: int):
    return st.lists(
        st.lists(counts_st, min_size=columns, max_size=columns), min_size=rows, max_size=rows
    )


# --- examples ---------------------------------------------------------------------------------


def test_one_small_cell_takes_the_smallest_other_cell_with_it():
    counts, lines = one_way([3, 40, 12, 20])
    hidden = decide(counts, lines, THRESHOLD)
    assert hidden == {("cell", 0), ("cell", 2)}


def test_hidden_cells_that_add_up_below_the_threshold_take_another():
    counts, lines = one_way([1, 2, 30, 9])
    assert decide(counts, lines, THRESHOLD) == {("cell", 0), ("cell", 1), ("cell", 3)}


def test_an_empty_cell_is_hidden_and_protected_like_a_small_one():
    counts, lines = one_way([0, 40, 12])
    assert decide(counts, lines, THRESHOLD) == {("cell", 0), ("cell", 2)}


def test_a_line_of_one_part_hides_its_total():
    counts = {"part": 3, "total": 3, "other": 9}
    assert decide(counts, [Line("total", ("part",))], THRESHOLD) == {"part", "total"}


def test_nothing_small_means_nothing_hidden():
    counts, lines = two_way([[10, 20], [30, 40]])
    assert decide(counts, lines, THRESHOLD) == frozenset()


def test_a_small_cell_of_a_table_with_margins_is_hidden_in_its_row_and_column():
    counts, lines = two_way([[3, 40, 12], [20, 30, 50], [25, 35, 45]])
    hidden = decide(counts, lines, THRESHOLD)
    assert hidden == {("t", 0, 0), ("t", 0, 2), ("t", 1, 0), ("t", 1, 2)}
    check(counts, lines, hidden)


def test_two_tables_sharing_the_year_total_protect_each_other():
    """Status and source both split the year's cases: the year total that one table shows
    whole must not give back the single small cell of the other."""
    status, status_lines = two_way([[3, 40, 12], [20, 30, 50]], "status")
    source, source_lines = two_way([[30, 25], [60, 40]], "source")
    counts, lines = status | source, status_lines + source_lines
    hidden = decide(counts, lines, THRESHOLD)
    check(counts, lines, hidden)
    assert ("status", 0, 0) in hidden


def test_a_bridge_between_two_hidden_blocks_is_not_left_recoverable():
    """Every line holds two hidden cells, yet the cell joining two hidden 2x2 blocks follows
    from the sums (rows 0 and 1 minus columns 0 and 1); the system check catches it."""
    grid = [
        [4, 4, 50, 50, 50],
        [4, 4, 4, 50, 50],
        [50, 50, 4, 4, 50],
        [50, 50, 4, 4, 50],
        [50, 50, 50, 50, 50],
    ]
    counts, lines = two_way(grid)
    primary = {key for key, n in counts.items() if n < THRESHOLD}
    assert recoverable(lines, primary) == {("t", 1, 2)}
    assert set(module_recoverable(lines, primary)) == {("t", 1, 2)}
    hidden = decide(counts, lines, THRESHOLD)
    check(counts, lines, hidden)
    assert len(hidden) == len(primary) + 1


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(counts_st, min_size=1, max_size=8))
def test_no_hidden_cell_of_a_one_way_table_can_be_recovered(cells):
    counts, lines = one_way(cells)
    check(counts, lines, decide(counts, lines, THRESHOLD))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5).flatmap(lambda r: st.integers(1, 5).flatmap(lambda c: grids(r, c))))
def test_no_hidden_cell_of_a_two_way_table_with_margins_can_be_recovered(grid):
    counts, lines = two_way(grid)
    check(counts, lines, decide(counts, lines, THRESHOLD))


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda years: st.tuples(grids(years, 3), grids(years, 4), grids(years, 2))
    )
)
def test_no_hidden_cell_of_tables_sharing_year_totals_can_be_recovered(tables):
    """Three tables split the same cases of each year differently: their row totals agree."""
    status, source, age = tables
    source = _rescale(source, status)
    age = _rescale(age, status)
    counts, lines = {}, []
    for name, grid in (("status", status), ("source", source), ("age", age)):
        table_counts, table_lines = two_way(grid, name)
        counts |= table_counts
        lines += table_lines
    check(counts, lines, decide(counts, lines, THRESHOLD))


def _rescale(grid: list[list[int]], like: list[list[int]]) -> list[list[int]]:
    """The grid with each row changed to add up to the same row total as `like`."""
    result = []
    for row, target in zip(grid, like, strict=True):
        row = list(row)
        gap = sum(target) - sum(row)
        row[-1] += gap
        if row[-1] < 0:
            row = [0] * (len(row) - 1) + [sum(target)]
        result.append(row)
    return result


@settings(max_examples=100, deadline=None)
@given(st.lists(counts_st, min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_no_hidden_cell_can_be_recovered_whatever_the_order_of_the_lines(cells, random):
    counts, lines = two_way([cells, list(reversed(cells))])
    shuffled = list(lines)
    random.shuffle(shuffled)
    check(counts, shuffled, decide(counts, shuffled, THRESHOLD))
