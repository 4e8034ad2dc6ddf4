"""Precision and recall of the linkage model on a synthetic register with injected duplicates
and typing variants (tests/cases/linkage_synthetic.py), through the real tokens and Splink; and
the check made at opening scores every pair exactly as Splink does (one model, two evaluators).

The thresholds were measured on this register (seed 2009, 6,000 records) and are asserted a
little below the figures measured, so that a change to the tokens or the model that costs
precision or recall fails here."""

from collections import Counter

import duckdb
import pytest

from lidhja.cases.domain import crypto, matching, tokens
from tests.cases.linkage_synthetic import Register, precision_recall, token_rows, true_pairs

# Its module fixture is built once: every test of this file runs on the same worker.
pytestmark = pytest.mark.xdist_group("linkage-quality")

RECORDS = 6000
MIN_PRECISION = 0.99
MIN_RECALL = 0.86
LOWEST = 0.001


@pytest.fixture(scope="module")
def linked():
    records = list(Register(seed=2009).records(RECORDS))
    rows = list(token_rows(records, crypto.Keyring.generate()))
    connection = duckdb.connect()
    matching.load(connection, [(index * matching.VARIANTS, row) for index, row in enumerate(rows)])
    # Predicted down to a low probability, so that the comparison of the two evaluators also
    # sees the pairs that the term frequencies weighed below the threshold.
    read = matching.pairs(connection, matching.predict(connection, "persons", threshold=LOWEST))
    found = []
    while batch := read():
        found += batch
    connection.close()
    return records, rows, found


def test_precision_and_recall_hold_on_the_synthetic_register(linked):
    records, _rows, found = linked
    found = [pair for pair in found if pair.probability >= matching.THRESHOLD]
    truth = true_pairs([record.entity for record in records])
    precision, recall = precision_recall({(p.left, p.right) for p in found}, truth)
    print(f"precision {precision:.4f} recall {recall:.4f} ({len(found)} found, {len(truth)} true)")
    assert len(truth) > 500
    assert precision >= MIN_PRECISION
    assert recall >= MIN_RECALL


def _frequency(rows):
    """The shares of common tokens over `rows`, as linkage.frequencies counts them."""
    counts = Counter(
        (kind, row[kind]) for row in rows for kind in matching.tf_kinds() if kind in row
    )
    totals = Counter(kind for kind, _token in counts.elements())

    def frequency(kind, token):
        count = counts[(kind, token)]
        return count / totals[kind] if count >= matching.MIN_COMMON else None

    return frequency


def test_the_check_at_opening_scores_like_splink(linked):
    _records, rows, found = linked
    assert found
    frequency = _frequency(rows)
    for pair in found:
        left, right = rows[pair.left], rows[pair.right]
        assert matching.blocked_together(left, right)
        probability = matching.score(left, right, frequency)
        assert probability == pytest.approx(pair.probability, rel=1e-9)
        assert matching.evidence(left, right) == pair.evidence
        assert pair.probability >= LOWEST


def test_common_names_weigh_less_alike_in_both_evaluators():
    """Eight different persons with one common name and dates two parts of which agree, and
    one person recorded twice with a rare name: the common name is weighed by its frequency
    (below the threshold), the rare one by the fixed u, in Splink as at opening."""
    ring = crypto.Keyring.generate()
    common = [
        {"given_name": "Arta", "family_name": "Hoxha", "date_of_birth": f"1990-04-{day:02}"}
        for day in range(1, 9)
    ]
    rare = {"given_name": "Xhevahire", "family_name": "Dushkaj", "date_of_birth": "1981-02-03"}
    values = [*common, rare, {**rare, "date_of_birth": "1981-02-13"}]
    rows = [tokens.digests({**value, "sex": "female"}, ring) for value in values]
    connection = duckdb.connect()
    matching.load(connection, [(index * matching.VARIANTS, row) for index, row in enumerate(rows)])
    read = matching.pairs(connection, matching.predict(connection, "persons", threshold=1e-9))
    found = {(pair.left, pair.right): pair.probability for pair in read()}
    connection.close()
    frequency = _frequency(rows)
    assert frequency(tokens.NAMES, rows[0][tokens.NAMES]) == pytest.approx(8 / 10)
    assert frequency(tokens.NAMES, rows[8][tokens.NAMES]) is None
    assert set(found) >= {(0, 1), (8, 9)}
    for (left, right), probability in found.items():
        expected = matching.score(rows[left], rows[right], frequency)
        assert probability == pytest.approx(expected, rel=1e-9)
    assert found[(0, 1)] < matching.score(rows[0], rows[1]) / 1000
    assert found[(0, 1)] < matching.THRESHOLD
    assert found[(8, 9)] == pytest.approx(matching.score(rows[8], rows[9]), rel=1e-9)
    assert found[(8, 9)] >= matching.THRESHOLD
