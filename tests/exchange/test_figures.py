"""Lidhja's own figures (exchange.domain.figures): detected victims from the cases, persons
counted once, "<5" below the threshold, complements hidden, and a registry that takes the
justice module's provider."""

import pytest

from lidhja.cases.domain.categories import PERSON_KEY  # noqa: F401 -- the key the counts use
from lidhja.cases.models import Person
from lidhja.exchange.domain import figures
from lidhja.exchange.domain.figures import CONVICTED, DETECTED, PROSECUTED
from tests.exchange.helpers import add_case, add_cases
from tests.publication.test_suppression_properties import recoverable


def texts(year: int) -> dict[tuple[str, str, str], str]:
    return {key: figure.text for key, figure in figures.published(year).items()}


@pytest.mark.django_db
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
    counts = figures.counts(2009)
    assert counts[(DETECTED, "", "")] == 31
    assert counts[(DETECTED, "female", "")] == 19
    assert counts[(DETECTED, "male", "")] == 12
    assert counts[(DETECTED, "", "adult")] == 19
    assert counts[(DETECTED, "", "child")] == 11
    assert counts[(DETECTED, "female", "child")] == 6
    assert texts(2009) == {
        (DETECTED, "", ""): "31",
        (DETECTED, "", "adult"): "19",
        (DETECTED, "", "child"): "11",
        (DETECTED, "female", ""): "19",
        (DETECTED, "female", "adult"): "12",
        (DETECTED, "female", "child"): "6",
        (DETECTED, "male", ""): "12",
        (DETECTED, "male", "adult"): "7",
        (DETECTED, "male", "child"): "5",
    }


@pytest.mark.django_db
def test_a_confirmed_link_makes_two_persons_one():
    add_cases(6, year=2009)
    first, second = Person.objects.all()[:2]
    second.counted_as = first
    second.save()
    assert figures.counts(2009)[(DETECTED, "", "")] == 5


@pytest.mark.django_db
def test_small_counts_read_below_the_threshold_and_cannot_be_worked_out():
    add_cases(8, year=2010, sex="female", band="25-34")
    add_cases(3, year=2010, sex="male", band="25-34")
    shown = figures.published(2010)
    assert shown[(DETECTED, "male", "adult")].text == "<5"
    assert shown[(DETECTED, "male", "")].text == "<5"
    assert shown[(DETECTED, "", "child")].text == "<5"
    hidden = frozenset(key for key, figure in shown.items() if figure.hidden)
    # The men (3) would follow from the total (11) less the women (8): one of those is hidden
    # too, with a dash, and nothing hidden follows from the sums of the table.
    assert {shown[(DETECTED, "", "")].text, shown[(DETECTED, "female", "")].text} & {"–"}
    assert recoverable(figures._lines([DETECTED]), hidden) == set()


@pytest.mark.django_db
def test_a_year_without_cases_has_no_figures():
    add_cases(6, year=2009)
    assert figures.published(2008) == {}


def justice(year: int) -> dict[tuple[str, str, str], int]:
    """Stands in for lidhja.justice.domain.figures.persons_by_outcome: parts only."""
    if year != 2009:
        return {}
    return {
        ("prosecuted", "male", "adult"): 20,
        ("prosecuted", "female", "adult"): 6,
        ("prosecuted", "male", "child"): 5,
        ("convicted", "male", "adult"): 9,
        ("convicted", "female", "adult"): 5,
    }


@pytest.mark.django_db
def test_the_justice_figures_are_empty_until_a_provider_is_registered():
    add_cases(6, year=2009)
    # The justice module is installed: its persons_by_outcome provides both indicators.
    assert figures.provided() == {DETECTED, PROSECUTED, CONVICTED}
    with figures.providers({DETECTED: figures.detected_victims}):
        assert {key[0] for key in figures.published(2009)} == {DETECTED}
        figures.register(justice, figures.JUSTICE_INDICATORS)
        counts = figures.counts(2009)
        shown = texts(2009)
    assert figures.provided() == {DETECTED, PROSECUTED, CONVICTED}  # restored
    # Totals the provider left out are the sums of its parts.
    assert counts[(PROSECUTED, "", "")] == 31
    assert counts[(PROSECUTED, "male", "")] == 25
    assert counts[(CONVICTED, "", "adult")] == 14
    assert shown[(PROSECUTED, "", "")] == "31"
    assert shown[(CONVICTED, "", "child")] == "<5"


def test_an_unknown_indicator_cannot_be_registered():
    with pytest.raises(ValueError, match="unknown indicator"):
        figures.register(justice, ["arrested"])
