"""Precision and recall of the linkage model on a synthetic register with injected duplicates
and typing variants (tests/cases/linkage_synthetic.py), through the real tokens and Splink; and
the check made at opening scores every pair exactly as Splink does (one model, two evaluators).

The thresholds were measured on this register (seed 2009, 6,000 records) and are asserted a
little below the figures measured, so that a change to the tokens or the model that costs
precision or recall fails here."""

import duckdb
import pytest

from lidhja.cases.domain import crypto, matching
from tests.cases.linkage_synthetic import Register, precision_recall, token_rows, true_pairs

RECORDS = 6000
MIN_PRECISION = 0.99
MIN_RECALL = 0.86


@pytest.fixture(scope="module")
def linked():
    records = list(Register(seed=2009).records(RECORDS))
    rows = list(token_rows(records, crypto.Keyring.generate()))
    connection = duckdb.connect()
    matching.load(connection, list(enumerate(rows)))
    read = matching.pairs(connection, matching.predict(connection, "persons"))
    found = []
    while batch := read():
        found += batch
    connection.close()
    return records, rows, found


def test_precision_and_recall_hold_on_the_synthetic_register(linked):
    records, _rows, found = linked
    truth = true_pairs([record.entity for record in records])
    precision, recall = precision_recall({(p.left, p.right) for p in found}, truth)
    print(f"precision {precision:.4f} recall {recall:.4f} ({len(found)} found, {len(truth)} true)")
    assert len(truth) > 500
    assert precision >= MIN_PRECISION
    assert recall >= MIN_RECALL


def test_the_check_at_opening_scores_like_splink(linked):
    _records, rows, found = linked
    assert found
    for pair in found:
        left, right = rows[pair.left], rows[pair.right]
        assert matching.blocked_together(left, right)
        assert matching.score(left, right) == pytest.approx(pair.probability, rel=1e-9)
        assert matching.evidence(left, right) == pair.evidence
        assert pair.probability >= matching.THRESHOLD
