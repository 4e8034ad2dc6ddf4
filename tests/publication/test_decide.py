"""publication.domain.suppression.decide: cells known before stay shown, cells withheld before
stay hidden, and the new cells are hidden around them."""

from datetime import date
from decimal import Decimal

import pytest

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.publication.domain import indicators, services
from lidhja.publication.domain.periods import Period
from lidhja.publication.domain.queries import statistics_document
from lidhja.publication.domain.suppression import Line, decide
from tests.publication.helpers import add_register, many

T = 5


def year_line(quarters: list[int], year: int, change: int):
    counts = {f"q{i}": n for i, n in enumerate(quarters, start=1)}
    counts |= {"change": change, "year": year}
    parts = ("q1", "q2", "q3", "q4", "change")
    return counts, [Line("year", parts)]


def test_a_year_hides_its_cell_when_a_quarter_is_hidden_and_nothing_changed():
    counts, lines = year_line([10, 10, 10, 2], 32, 0)
    hidden = decide(
        counts, lines, T, known=frozenset({"q1", "q2", "q3", "change"}), withheld=frozenset({"q4"})
    )
    assert hidden == {"q4", "year"}


def test_a_small_change_since_the_quarters_is_protected_like_a_small_count():
    counts, lines = year_line([10, 10, 10, 10], 41, 1)
    known = frozenset({"q1", "q2", "q3", "q4"})
    hidden = decide(counts, lines, T, known=known, withheld=frozenset({"change"}))
    assert hidden == {"change", "year"}


def test_a_large_change_protects_a_hidden_quarter():
    counts, lines = year_line([10, 10, 10, 2], 39, 7)
    hidden = decide(
        counts,
        lines,
        T,
        known=frozenset({"q1", "q2", "q3"}),
        withheld=frozenset({"q4", "change"}),
        unprotected=frozenset({"change"}),
    )
    assert hidden == {"q4", "change"}  # 2 + 7 hidden: the year can be shown


def test_known_cells_are_never_hidden_even_when_small():
    counts = {"a": 2, "b": 9, "total": 11}
    hidden = decide(counts, [Line("total", ("a", "b"))], T, known=frozenset({"a"}))
    assert "a" not in hidden


@pytest.mark.django_db
def test_a_hidden_quarter_cannot_be_had_from_the_year(seed_plan, settings):
    """The quarters' identified victims add up to the year's: publishing the year whole beside
    three shown quarters would give back the fourth."""
    settings.LIDHJA_PUBLICATION_THRESHOLD = 3
    for month, n in ((2, 4), (5, 4), (8, 4), (11, 1)):
        add_register(many(n, identified_on=date(2009, month, 1)))
    add_register(many(6, identified_on=date(2009, 6, 1), status="presumed"))
    for quarter in Period(2009).quarters():
        services.publish(quarter, by=SYSTEM)
    services.publish(Period(2009), by=SYSTEM)
    published = [
        indicators.identified_victims(seed_plan, ensure_period(f"2009Q{q}")) for q in (1, 2, 3, 4)
    ]
    assert published[3] is None  # one case: below the threshold
    year = statistics_document(Period(2009))
    status = next(t for t in year.tables if t.code == "victims.status")
    identified = next(r for r in status.rows if r.value == "identified").figures[0]
    if identified is not None:
        shown = sum(v for v in published if v is not None)
        assert Decimal(identified) - shown >= 3
        assert published.count(None) >= 2
