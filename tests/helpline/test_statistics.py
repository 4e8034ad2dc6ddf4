"""Statistics of calls: shown counts are exact, every count below the threshold is hidden,
and no hidden count follows from the sums a reader knows (each split adds up to the column's
total, months to their quarter, quarters to the year), checked by numpy's rank independently
of the implementation; both views (months, quarters) show cells of one decision."""

import csv
import io
import random

import numpy as np
import pytest
from openpyxl import load_workbook

from lidhja.helpline.domain import statistics
from lidhja.helpline.interfaces import exporters
from lidhja.helpline.models import CallerType, CallTopic, HelplineLine
from lidhja.organisations.models import Qark
from tests.helpline.helpers import bulk

pytestmark = pytest.mark.django_db
THRESHOLD = 5


def _hidden_recoverable(lines, hidden) -> set:
    """The hidden cells fixed by the lines: those on which every vector of the null space of
    the system (over the hidden cells) is zero. One SVD, independent of the implementation."""
    keys = sorted(hidden)
    matrix = np.array(
        [
            [(key in line.parts) - (key == line.total) for key in keys]
            for line in lines
            if hidden & set(line.cells)
        ],
        dtype=float,
    )
    _u, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null = vt[rank:]
    return {
        key
        for index, key in enumerate(keys)
        if null.shape[0] == 0 or np.abs(null[:, index]).max() < 1e-9
    }


def _random_rows(seed: int, n: int) -> list[dict]:
    rng = random.Random(seed)  # noqa: S311 -- synthetic data
    return [
        {
            "month": rng.randint(1, 12),
            "line": rng.choice([HelplineLine.NATIONAL] * 4 + [HelplineLine.MIGRATION]),
            "topic": rng.choice(list(CallTopic)),
            "caller_type": rng.choice(list(CallerType)),
            "qark": rng.choice([*Qark.values, ""]),
            "outcome": rng.choice(["information", "information", "referred"]),
        }
        for _ in range(n)
    ]


@pytest.mark.parametrize(("seed", "n"), [(1, 60), (2, 300)])
def test_no_hidden_count_follows_from_the_margins(persona, seed, n):
    bulk(persona("helpline"), _random_rows(seed, n))
    result = statistics.decided(2009)
    assert sum(result.counts[("qark", q, "2009")] for q in [*Qark.values, ""]) == n
    small = {cell for cell, count in result.counts.items() if count < THRESHOLD}
    assert small <= result.hidden
    assert result.hidden != small  # complements were needed
    lines = statistics.lines(2009)
    for line in lines:
        assert len([cell for cell in line.cells if cell in result.hidden]) != 1
    assert _hidden_recoverable(lines, set(result.hidden)) == set()
    # Both views show cells of the one decision, with their true counts.
    for by in statistics.GRANULARITIES:
        document = statistics.document(2009, by)
        for table in document.tables:
            for row in table.rows:
                for column, shown in zip(document.columns, row.counts, strict=True):
                    cell = (table.dimension, row.category, column)
                    assert shown == (None if cell in result.hidden else result.counts[cell])


def _quarterly(per_month: int) -> list[dict]:
    """`per_month` calls in every month, spread evenly over lines, topics, callers and
    outcomes, all in Tiranë."""
    lines, topics = list(HelplineLine), list(CallTopic)
    return [
        {
            "month": month,
            "line": lines[i % 4],
            "topic": topics[i % 4],
            "caller_type": list(CallerType)[i % 5],
            "qark": "tirane",
            "outcome": "information",
        }
        for month in range(1, 13)
        for i in range(per_month)
    ]


def test_the_document_by_quarter_and_its_downloads(persona):
    bulk(persona("helpline"), _quarterly(40))
    document = statistics.document(2009, "quarter")
    assert document.columns == ["2009Q1", "2009Q2", "2009Q3", "2009Q4", "2009"]
    tables = {table.dimension: table for table in document.tables}
    assert tables["total"].rows[0].counts == [120, 120, 120, 120, 480]
    topic = {row.category: row.counts for row in tables["topic"].rows}
    assert topic == {
        "trafficking": [30, 30, 30, 30, 120],
        "migration": [30, 30, 30, 30, 120],
        "complicity": [30, 30, 30, 30, 120],
        "other": [30, 30, 30, 30, 120],
    }
    qark = {row.category: row.counts for row in tables["qark"].rows}
    # Every other qark is empty (hidden), so Tiranë, the only shown part, is hidden with them:
    # else the empty ones would follow from the total.
    assert qark["tirane"] == [None] * 5 and qark["vlore"] == [None] * 5
    outcome = {row.category: row.counts for row in tables["outcome"].rows}
    assert outcome["potential_case"] == [None] * 5 and outcome["information"] == [None] * 5

    rows = list(csv.reader(io.StringIO(exporters.to_csv(document).decode("utf-8-sig"))))
    assert rows[0] == ["Table", "Category", "2009Q1", "2009Q2", "2009Q3", "2009Q4", "2009"]
    assert ["Topic", "Report of official complicity", "30", "30", "30", "30", "120"] in rows
    assert ["Qark", "Tiranë", "–", "–", "–", "–", "–"] in rows
    sheet = load_workbook(io.BytesIO(exporters.to_xlsx(document))).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert ["All calls", "All calls", 120, 120, 120, 120, 480] in values


def test_months_hide_small_counts(persona):
    bulk(persona("helpline"), _quarterly(8))
    document = statistics.document(2009, "month")
    assert len(document.columns) == 13
    tables = {table.dimension: table for table in document.tables}
    assert tables["total"].rows[0].counts == [8] * 12 + [96]
    topic = {row.category: row.counts for row in tables["topic"].rows}
    assert topic["complicity"] == [None] * 12 + [24]


def test_the_check_finds_a_recoverable_cell():
    lines = statistics.lines(2009)
    alone = ("topic", "complicity", "2009-02")
    assert _hidden_recoverable(lines, {alone}) == {alone}
    pair = {alone, ("topic", "other", "2009-02")}  # each is alone in its quarter's sum
    assert _hidden_recoverable(lines, pair) == pair
    rectangle = pair | {("topic", "complicity", "2009-03"), ("topic", "other", "2009-03")}
    assert _hidden_recoverable(lines, rectangle) == set()
