"""Lidhja's own figures (exchange.domain.figures): the cells of the year's release, nothing
counted live. Detected victims by sex and age (persons counted once), persons prosecuted and
convicted from the justice tables, a dash for every hidden cell, nothing for a year not
published, and no hidden cell recoverable across the statistics page, the justice tables and
the comparison."""

from datetime import date

import pytest

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.cases.models import Person
from lidhja.exchange.domain import figures
from lidhja.exchange.domain.figures import CONVICTED, DETECTED, PROSECUTED
from lidhja.publication.domain import services
from lidhja.publication.domain.periods import Period
from lidhja.publication.domain.queries import statistics_document
from lidhja.publication.domain.releases import count_cells, period_lines
from lidhja.publication.domain.suppression import Line
from lidhja.publication.domain.tables import TABLES
from lidhja.publication.models import Release
from tests.exchange.helpers import add_case, add_cases, publish_year
from tests.justice.helpers import convict, defendant, register
from tests.publication.test_suppression_holds import determined

pytestmark = pytest.mark.django_db


def texts(year: int, indicator: str = DETECTED) -> dict[tuple[str, str], str]:
    return {
        key[1:]: figure.text
        for key, figure in figures.published(year).items()
        if key[0] == indicator
    }


def page_cells(year: int) -> dict[tuple[str, str], int | None]:
    document = statistics_document(Period(year))
    return {(t.code, row.value): row.figures[0] for t in document.tables for row in t.rows}


def check_same_as_page(year: int) -> None:
    """Every figure of the comparison is the year's page cell, a dash where the page hides it."""
    page = page_cells(year)
    for (indicator, sex, age), figure in figures.published(year).items():
        key = figures._SOURCES[indicator].cell(sex, age)
        cell = page[key]
        assert figure.count == cell
        assert figure.text == ("–" if cell is None else str(cell))


def test_detected_victims_by_sex_and_age_each_person_once():
    add_cases(12, year=2009, sex="female", band="25-34")
    add_cases(6, year=2009, sex="female", band="15-17")
    add_cases(7, year=2009, sex="male", band="18-24")
    add_cases(5, year=2009, sex="male", band="0-11")
    # Not counted: a second case of a person already counted, a person at risk, another
    # year; a person of unknown age counts in the totals only.
    twice = Person.objects.filter(stat_sex="female").first()
    add_case(year=2009, person=twice)
    add_case(year=2009, kind="at_risk")
    add_case(year=2010)
    add_case(year=2009, sex="female", band="")
    counts = count_cells(Period(2009), [TABLES["victims.detected"]])
    assert {category: n for (_t, category), n in counts.items()} == {
        "all": 31, "female": 19, "male": 12, "adult": 19, "child": 11,
        "female.adult": 12, "female.child": 6, "male.adult": 7, "male.child": 5,
    }  # fmt: skip
    assert figures.published(2009) == {}  # not published yet: no figures
    publish_year(2009)
    check_same_as_page(2009)


def test_a_year_spread_over_its_quarters_shows_its_figures(settings):
    """Every cell of every quarter at least the threshold: the year shows them all. (The
    persons at risk are the persons less the detected victims: they are there too, or the
    detected victims' total would give back their empty cell.)"""
    settings.LIDHJA_PUBLICATION_THRESHOLD = 1
    for month in (2, 5, 8, 11):
        add_case(year=2009, kind="at_risk", month=month)
        for sex, band in (("female", "25-34"), ("female", "15-17"), ("male", "18-24"),
                          ("male", "0-11")):  # fmt: skip
            add_cases(2, year=2009, sex=sex, band=band, month=month)
    publish_year(2009)
    assert texts(2009) == {
        ("", ""): "32", ("", "adult"): "16", ("", "child"): "16",
        ("female", ""): "16", ("female", "adult"): "8", ("female", "child"): "8",
        ("male", ""): "16", ("male", "adult"): "8", ("male", "child"): "8",
    }  # fmt: skip
    check_same_as_page(2009)


def test_a_confirmed_link_makes_two_persons_one():
    add_cases(6, year=2009)
    first, second = Person.objects.all()[:2]
    second.counted_as = first
    second.save()
    counts = count_cells(Period(2009), [TABLES["victims.detected"]])
    assert counts[("victims.detected", "all")] == 5


def test_hidden_cells_are_dashes_and_match_the_statistics_page():
    """Threshold 5: the three men are hidden, and so is a complement; the comparison shows the
    year's page cell for cell, with a dash wherever the page has one."""
    add_cases(8, year=2010, sex="female", band="25-34")
    add_cases(3, year=2010, sex="male", band="25-34")
    publish_year(2010)
    shown = texts(2010)
    assert shown[("male", "adult")] == "–"
    assert shown[("male", "")] == "–"
    assert shown[("", "child")] == "–"  # 0 children: hidden like any small count
    assert "<5" not in shown.values()
    document = statistics_document(Period(2010))
    table = next(t for t in document.tables if t.code == "victims.detected")
    page = {row.value: row.figures[0] for row in table.rows}
    assert shown[("male", "adult")] == "–" and page["male.adult"] is None
    for (sex, age), text in shown.items():
        value = ".".join(part for part in (sex, age) if part) or "all"
        assert text == ("–" if page[value] is None else str(page[value]))


def test_a_year_not_published_has_no_figures_even_with_its_quarters():
    add_cases(6, year=2009)
    for quarter in Period(2009).quarters():
        services.publish(quarter, by=SYSTEM)
    assert figures.published(2009) == {}
    assert figures.published(2008) == {}


def test_the_justice_figures_are_the_justice_tables_cells(persona):
    prosecutor = persona("prosecutor")
    for sex, born in (("female", date(1990, 1, 1)), ("male", date(2012, 1, 1))):
        p = register(prosecutor, on=date(2025, 1, 5))
        convict(p, prosecutor, defendant(p, prosecutor, sex=sex, date_of_birth=born),
                date(2025, 5, 1))  # fmt: skip
    counts = count_cells(Period(2025), [TABLES["justice.convicted_sex_age"]])
    assert {category: n for (_t, category), n in counts.items()} == {
        "female": 1, "male": 1, "adult": 1, "child": 1,
        "female.adult": 1, "female.child": 0, "male.adult": 0, "male.child": 1,
    }  # fmt: skip
    publish_year(2025)
    assert figures.provided() == {DETECTED, PROSECUTED, CONVICTED}
    assert set(texts(2025, CONVICTED).values()) == {"–"}  # two persons: nothing shown
    check_same_as_page(2025)


def test_a_hidden_justice_cell_cannot_be_had_from_the_comparison_or_the_justice_totals(
    persona, settings
):
    """Each quarter of 2025 three women and three men convicted, and in the second quarter one
    girl. Her cell is hidden on the pages; the comparison shows the year's page cells and
    nothing else; and a reader of the four quarters' pages and the year's (justice totals,
    sentences, complicity, by sex and age, every sum of which they know, the year being its
    quarters) can work out no hidden cell (numpy's rank, not the module's elimination)."""
    settings.LIDHJA_PUBLICATION_THRESHOLD = 3
    prosecutor = persona("prosecutor")
    adults = [("female", date(1980, 1, 1))] * 3 + [("male", date(1985, 1, 1))] * 3
    for month in (2, 5, 8, 11):
        people = adults + ([("female", date(2012, 1, 1))] if month == 5 else [])
        for sex, born in people:
            p = register(prosecutor, on=date(2025, month, 1))
            convict(p, prosecutor, defendant(p, prosecutor, sex=sex, date_of_birth=born),
                    date(2025, month, 3))  # fmt: skip
    publish_year(2025)
    check_same_as_page(2025)
    year = page_cells(2025)
    assert year[("justice.convicted_sex_age", "female.child")] is None
    assert figures.published(2025)[(CONVICTED, "female", "child")].text == "–"
    hidden, lines = set(), []
    for release in Release.objects.filter(year=2025):
        lines += period_lines(release.period)
        hidden |= {(release.period, t, c) for t, c, n in release.cells if n is None}
    for t, c, _n in Release.objects.get(period="2025").cells:
        # Nothing changed after the quarters: the year's cell is the sum of theirs.
        lines.append(Line(("2025", t, c), tuple((f"2025Q{q}", t, c) for q in range(1, 5))))
    assert ("2025", "justice.convicted_sex_age", "female.child") in hidden
    assert ("2025Q2", "justice.convicted_sex_age", "female.child") in hidden
    assert determined(lines, hidden, hidden) == set()


def test_an_unknown_indicator_cannot_be_registered():
    with pytest.raises(ValueError, match="unknown indicator"):
        figures.register(figures.Source("victims.detected", ("victims.detected", "all")), ["x"])
