"""Justice statistics: exact counts by the documented definitions, suppression below the
threshold across the page's tables and the indicators' quarters, the raw figures for the UNODC
comparison, and the computed plan indicators."""

import io
from csv import reader
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from lidhja.indicators.domain.computations import REGISTRY
from lidhja.indicators.models import Indicator
from lidhja.justice.domain import statistics
from lidhja.justice.domain.figures import persons_by_outcome
from lidhja.monitoring.models import ReportingPeriod
from tests.justice.helpers import asset, convict, defendant, register, stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def convicted(persona):
    """Three defendants convicted in 2026Q1 (one a child, one a border officer), one arrested
    twice, assets confiscated with half to the Special Fund."""
    prosecutor = persona("prosecutor")
    p = register(prosecutor)
    people = [
        defendant(p, prosecutor, sex="female", date_of_birth=date(1990, 1, 1)),
        defendant(p, prosecutor, sex="male", date_of_birth=date(2010, 1, 1)),
        defendant(p, prosecutor, official_service="border", age_band="35-49"),
    ]
    stage(p, prosecutor, "arrest", date(2026, 1, 15), defendant=people[0])
    for person, months in zip(people, (6, 48, None), strict=True):
        convict(p, prosecutor, person, date(2026, 2, 1), months=months, suspended=months is None)
    asset(p, prosecutor, "confiscated", "3000000.00", date(2026, 2, 2))
    asset(p, prosecutor, "special_fund", "1500000.00", date(2026, 2, 3))
    return p


def test_the_figures_count_each_defendant_once(convicted):
    found = statistics.figures()
    persons = {c: found.counts[("persons", 2026, c)] for c in statistics.PERSONS}
    assert persons == {
        "arrested": 3, "prosecuted": 3, "convicted": 3, "acquitted": 0, "appealed": 0,
    }  # fmt: skip
    bands = {b: found.counts[("sentences", 2026, b)] for b in statistics.BANDS}
    assert bands == {
        "suspended": 1, "fine_only": 0, "under_1y": 1, "1_5y": 1, "5_10y": 0, "10y_plus": 0,
        "other": 0,
    }  # fmt: skip
    assert found.counts[("officials_convicted", 2026, 1, "all")] == 1
    assert found.counts[("officials_prosecuted", 2026, "border")] == 1
    assert found.amounts[("assets", 2026, "confiscated")] == Decimal("3000000.00")
    assert found.counts[("persons", 2026, 1, "convicted")] == 3


def test_persons_by_outcome_is_raw_by_sex_and_age(convicted):
    assert persons_by_outcome(2026) == {
        ("prosecuted", "female", "adult"): 1,
        ("prosecuted", "male", "child"): 1,
        ("prosecuted", "other", "adult"): 1,
        ("convicted", "female", "adult"): 1,
        ("convicted", "male", "child"): 1,
        ("convicted", "other", "adult"): 1,
    }
    assert persons_by_outcome(2025) == {}


def test_the_page_and_download_hide_counts_below_the_threshold(convicted, client_for, settings):
    settings.LIDHJA_PUBLICATION_THRESHOLD = 5
    for table in statistics.tables():
        for _year, cells in table.rows:
            assert all(cell.hidden for cell in cells if cell.count is None or cell.count < 5)
            assert all(cell.hidden for cell in cells), table.name  # 3 persons: all below
    page = client_for("observer").get(reverse("justice:statistics"))
    assert page.status_code == 200
    assert "3000000" not in page.content.decode()
    csv = client_for("onac").get(reverse("justice:statistics") + "?format=csv")
    rows = list(reader(io.StringIO(csv.content.decode())))
    assert rows[0] == ["Table", "Year", "Category", "Count", "Amount (ALL)"]
    assert len(rows) == 1 + 2 * (5 + 7 + 5 + 5 + 6)  # (2026, Total) × every column
    assert {row[3] for row in rows[1:]} == {"–"}


def test_without_a_threshold_the_counts_and_the_fund_share_are_exact(
    convicted, client_for, settings
):
    settings.LIDHJA_PUBLICATION_THRESHOLD = 0
    persons = next(t for t in statistics.tables() if t.name == "persons")
    assert [cell.count for cell in persons.rows[0][1]] == [3, 3, 3, 0, 0]
    page = client_for("observer").get(reverse("justice:statistics"))
    assert (2026, Decimal("50.0")) in page.context["shares"]


def test_one_hidden_column_cannot_be_recovered_from_its_totals(persona, settings):
    """Two years, one with 6 convictions and one with 2: the small year is hidden, and so is
    its complement, so the total over the years does not give it back."""
    settings.LIDHJA_PUBLICATION_THRESHOLD = 5
    prosecutor = persona("prosecutor")
    for year, n in ((2024, 6), (2025, 2)):
        p = register(prosecutor, on=date(year, 1, 5))
        people = [defendant(p, prosecutor) for _i in range(n)]
        for person in people:
            convict(p, prosecutor, person, date(year, 3, 1))
    persons = next(t for t in statistics.tables() if t.name == "persons")
    rows = dict(persons.rows)
    convicted_at = statistics.PERSONS.index("convicted")
    assert rows[2025][convicted_at].hidden
    shown = [not rows[2024][convicted_at].hidden, not persons.totals[convicted_at].hidden]
    assert shown != [True, True]


def test_the_indicators_publish_quarter_cells_above_the_threshold(convicted, settings):
    period = ReportingPeriod.objects.get(code="2009Q1")
    period.year, period.quarter = 2026, 1  # the computation reads the year and quarter only
    settings.LIDHJA_PUBLICATION_THRESHOLD = 0
    compute = {name: REGISTRY[name].function for name in REGISTRY if name.startswith("justice.")}
    values = {name: function(None, period) for name, function in compute.items()}
    assert values == {
        "justice.persons_arrested": Decimal(3),
        "justice.persons_prosecuted": Decimal(3),
        "justice.persons_convicted": Decimal(3),
        "justice.assets_confiscated": Decimal(1),
        "justice.officials_prosecuted": Decimal(1),
        "justice.officials_convicted": Decimal(1),
        "justice.amount_confiscated": Decimal("3000000.00"),
        "justice.special_fund_share": Decimal("50.00"),
    }
    settings.LIDHJA_PUBLICATION_THRESHOLD = 5
    assert {name: function(None, period) for name, function in compute.items()} == dict.fromkeys(
        compute
    )


def test_the_indicators_are_attached_to_the_seed_plans_prosecution_nodes(seed_plan):
    attached = {
        (i.node.code, i.computation)
        for i in Indicator.objects.filter(node__plan=seed_plan, computation__startswith="justice.")
    }
    assert attached == {
        ("1", "justice.persons_arrested"),
        ("1", "justice.persons_prosecuted"),
        ("1", "justice.persons_convicted"),
        ("1.(h)", "justice.assets_confiscated"),
        ("1.(h)", "justice.amount_confiscated"),
        ("1.(h)", "justice.special_fund_share"),
        ("1.(i)", "justice.officials_prosecuted"),
        ("1.(i)", "justice.officials_convicted"),
    }


def test_the_tables_by_quarter_are_cells_of_the_same_system(convicted, client_for, settings):
    settings.LIDHJA_PUBLICATION_THRESHOLD = 0
    persons = next(t for t in statistics.tables("quarter") if t.name == "persons")
    assert [(label, [c.count for c in cells]) for label, cells in persons.rows] == [
        ("2026Q1", [3, 3, 3, 0, 0]),
        ("2026Q2", [0, 0, 0, 0, 0]),
        ("2026Q3", [0, 0, 0, 0, 0]),
        ("2026Q4", [0, 0, 0, 0, 0]),
    ]
    client = client_for("observer")
    assert client.get(reverse("justice:statistics"), {"by": "quarter"}).status_code == 200
    assert client.get(reverse("justice:statistics"), {"by": "month"}).status_code == 400
