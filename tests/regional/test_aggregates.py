"""The cases table of an assessment: persons by managing unit, sex and age in the qark's
half-year, suppressed with the publication's one implementation, frozen at submission."""

from datetime import date

import pytest

from lidhja.organisations.models import Organisation
from lidhja.publication.domain.suppression import recoverable
from lidhja.regional.domain import services
from lidhja.regional.domain.aggregates import COLUMNS, TOTAL, cases_table, counts, lines
from lidhja.regional.domain.halves import Half
from tests.regional.helpers import COMPLETE, Row, add_cases, second_tirana_unit

H1 = Half(2009, 1)


@pytest.fixture
def register(db, settings):
    settings.LIDHJA_PUBLICATION_THRESHOLD = 5
    second_tirana_unit()
    add_cases(
        [
            Row("MUN-TR", "female", "18-24", times=6),
            Row("MUN-TR", "male", "25-34", times=3),
            Row("MUN-TR", "female", "15-17", times=2),
            Row("MUN-KA", "female", "35-49", times=4),
            Row("MUN-KA", "male", "12-14", times=1),
            # Not counted: another qark, another half-year.
            Row("MUN-SH", "female", "18-24", qark="shkoder", times=7),
            Row("MUN-TR", "female", "18-24", on=date(2009, 7, 1), times=9),
        ]
    )


def test_persons_are_counted_by_unit_sex_and_age(register):
    found = counts("tirane", H1)
    assert {column: found[("MUN-TR", column)] for column in COLUMNS} == {
        "all": 11,
        "female": 8,
        "male": 3,
        "adult": 9,
        "child": 2,
    }
    assert {column: found[("MUN-KA", column)] for column in COLUMNS} == {
        "all": 5,
        "female": 4,
        "male": 1,
        "adult": 4,
        "child": 1,
    }
    assert {column: found[(TOTAL, column)] for column in COLUMNS} == {
        "all": 16,
        "female": 12,
        "male": 4,
        "adult": 13,
        "child": 3,
    }


def test_small_cells_are_hidden_and_cannot_be_worked_out_from_the_totals(register):
    true = counts("tirane", H1)
    table = cases_table("tirane", H1)
    assert table.rows == {
        "MUN-KA": {"all": 5, "female": None, "male": None, "adult": None, "child": None},
        "MUN-TR": {"all": 11, "female": None, "male": None, "adult": None, "child": None},
        TOTAL: {"all": 16, "female": None, "male": None, "adult": None, "child": None},
    }
    hidden = {(row, c) for row, cells in table.rows.items() for c, n in cells.items() if n is None}
    # Every count below the threshold is hidden, every shown count is the true one …
    assert {cell for cell, n in true.items() if n < 5} <= hidden
    shown = {(r, c): n for r, cells in table.rows.items() for c, n in cells.items()}
    assert {cell: n for cell, n in shown.items() if n is not None} == {
        cell: true[cell] for cell, n in shown.items() if n is not None
    }
    # … and no hidden one follows from the row and column sums a reader knows.
    assert recoverable(lines(table.rows), hidden) == []


def test_without_complements_one_hidden_cell_would_be_recoverable(register):
    """The check above can fail: hiding only the small cells gives some of them back."""
    true = counts("tirane", H1)
    small = {cell for cell, n in true.items() if n < 5}
    assert recoverable(lines(["MUN-KA", "MUN-TR"]), small) != []


def test_the_table_is_frozen_at_submission(register, persona):
    tirana = Organisation.objects.get(code="RCAT-TR")
    user = persona("rcat")
    assessment = services.start_assessment(tirana, H1, by=user)
    for name, data in COMPLETE.items():
        assessment = services.save_section(
            assessment, name, data, version=assessment.version, by=user
        )
    submitted = services.transition(assessment, "submit", version=assessment.version, by=user)
    frozen = submitted.computed
    assert frozen["rows"][TOTAL] == {
        "all": 16,
        "female": None,
        "male": None,
        "adult": None,
        "child": None,
    }
    assert frozen["threshold"] == 5
    add_cases([Row("MUN-TR", "male", "25-34", times=20)])
    submitted.refresh_from_db()
    assert submitted.computed == frozen
    assert cases_table("tirane", H1).rows[TOTAL]["all"] == 36


def test_larger_counts_are_shown_with_their_complements(db, settings):
    settings.LIDHJA_PUBLICATION_THRESHOLD = 5
    second_tirana_unit()
    add_cases(
        [
            Row("MUN-TR", "female", "18-24", times=10),
            Row("MUN-TR", "male", "25-34", times=6),
            Row("MUN-TR", "female", "15-17", times=5),
            Row("MUN-TR", "male", "12-14", times=1),
            Row("MUN-KA", "female", "35-49", times=7),
            Row("MUN-KA", "male", "25-34", times=6),
        ]
    )
    table = cases_table("tirane", H1)
    assert table.rows == {
        # Kamëz has no child (0, hidden): its adults, and Tirana's children and adults with
        # them (the column of children adds up to the qark's), are hidden too.
        "MUN-KA": {"all": 13, "female": 7, "male": 6, "adult": None, "child": None},
        "MUN-TR": {"all": 22, "female": 15, "male": 7, "adult": None, "child": None},
        TOTAL: {"all": 35, "female": 22, "male": 13, "adult": 29, "child": 6},
    }
    hidden = {(r, c) for r, cells in table.rows.items() for c, n in cells.items() if n is None}
    assert recoverable(lines(table.rows), hidden) == []
