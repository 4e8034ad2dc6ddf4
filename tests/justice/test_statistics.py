"""Justice statistics as tables of the national statistics (justice.domain.tables): exact
counts by the documented definitions, frozen in the period's release and decided with every
other table, amounts shown only with their counts, the plan indicators reading the frozen
cells, and the old page leading to the published period."""

import io
from csv import reader
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.indicators.domain.computations import REGISTRY
from lidhja.indicators.models import Indicator
from lidhja.justice.domain import tables
from lidhja.monitoring.models import ReportingPeriod
from lidhja.publication.domain import services
from lidhja.publication.domain.periods import Period
from lidhja.publication.domain.releases import count_amounts, count_cells, period_lines
from lidhja.publication.domain.suppression import recoverable
from lidhja.publication.domain.tables import TABLES
from lidhja.publication.models import Release
from tests.justice.helpers import asset, convict, defendant, fresh, register, stage

pytestmark = pytest.mark.django_db
Q1 = Period(2026, 1)
JUSTICE = [spec for spec in TABLES.values() if spec.group == "justice"]


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


def cells(period: Period, code: str) -> dict[str, int]:
    counts = count_cells(period, [TABLES[code]])
    return {category: n for (_t, category), n in counts.items()}


def test_the_tables_count_each_defendant_once(convicted):
    assert cells(Q1, "justice.arrested") == {"all": 3}
    assert cells(Q1, "justice.prosecuted") == {"all": 3}
    assert cells(Q1, "justice.convicted") == {"all": 3}
    assert cells(Q1, "justice.acquitted") == {"all": 0}
    assert cells(Q1, "justice.appealed") == {"all": 0}
    assert cells(Q1, "justice.sentences") == {
        "suspended": 1, "fine_only": 0, "under_1y": 1, "1_5y": 1, "5_10y": 0, "10y_plus": 0,
        "other": 0,
    }  # fmt: skip
    assert cells(Q1, "justice.complicity_convicted") == {
        "police": 0, "border": 1, "customs": 0, "judiciary": 0, "other": 0, "none": 2,
    }  # fmt: skip
    assert cells(Q1, "justice.prosecuted_sex_age") == {
        "female": 1, "male": 1, "adult": 2, "child": 1,
        "female.adult": 1, "female.child": 0, "male.adult": 0, "male.child": 1,
    }  # fmt: skip
    assert cells(Q1, "justice.assets")["confiscated"] == 1
    assert count_amounts(Q1)[("justice.assets", "confiscated")] == Decimal("3000000.00")
    assert cells(Period(2026, 2), "justice.convicted") == {"all": 0}


def test_the_sums_a_reader_knows_are_lines_of_the_period():
    lines = {(line.total, line.parts) for line in period_lines("P", JUSTICE)}
    convicted = ("P", "justice.convicted", "all")
    assert (convicted, tuple(("P", "justice.sentences", b) for b, _l in tables.BANDS)) in lines
    assert (
        convicted,
        (("P", "justice.convicted_sex_age", "female"), ("P", "justice.convicted_sex_age", "male")),
    ) in lines
    assert (
        ("P", "justice.prosecuted_sex_age", "adult"),
        (
            ("P", "justice.prosecuted_sex_age", "female.adult"),
            ("P", "justice.prosecuted_sex_age", "male.adult"),
        ),
    ) in lines


def test_the_release_freezes_the_justice_cells_and_hides_amounts_with_their_counts(
    convicted, settings
):
    settings.LIDHJA_PUBLICATION_THRESHOLD = 5
    release = services.publish(Q1, by=SYSTEM)
    justice = {(t, c): n for t, c, n in release.cells if t.startswith("justice.")}
    assert len(justice) == sum(len(spec.categories) for spec in JUSTICE) == 49
    assert set(justice.values()) == {None}  # three defendants: every count below 5
    assert release.amounts == []  # no amount beside a hidden count
    assert ["justice.assets", "confiscated", 1] in release.withheld


def test_an_amount_is_shown_beside_its_shown_count(convicted, settings):
    settings.LIDHJA_PUBLICATION_THRESHOLD = 1
    release = services.publish(Q1, by=SYSTEM)
    assert ["justice.assets", "confiscated", 1] in release.cells
    assert sorted(release.amounts) == [
        ["justice.assets", "confiscated", "3000000.00"],
        ["justice.assets", "special_fund", "1500000.00"],
    ]


def test_the_page_and_download_render_the_frozen_justice_cells(convicted, client_for, settings):
    settings.LIDHJA_PUBLICATION_THRESHOLD = 1
    services.publish(Q1, by=SYSTEM)
    page = client_for("observer").get(reverse("publication:period", args=["2026Q1"]))
    html = page.content.decode()
    assert '<h2 id="justice">Criminal justice</h2>' in html
    grid = next(g for g in page.context["grids"] if g["table"].code == "justice.assets")
    assert dict(grid["rows"])["Confiscated"][0] == "1 (3,000,000.00 ALL)"
    assert dict(grid["rows"])["Seized"][0] == "– (– ALL)"  # 0 measures: hidden
    csv = client_for("onac").get(reverse("publication:period", args=["2026Q1"]), {"format": "csv"})
    rows = list(reader(io.StringIO(csv.content.decode())))
    assert ["Assets and compensation", "justice.assets", "1", "Confiscated", "2026Q1", "1",
            "3000000.00"] in rows  # fmt: skip
    assert ["Defendants convicted", "justice.convicted", "1", "Defendants convicted", "2026Q1",
            "3", ""] in rows  # fmt: skip
    api = client_for("observer").get(reverse("publication-api:release", args=["2026Q1"])).json()
    assets = next(t for t in api["tables"] if t["code"] == "justice.assets")
    assert (assets["group"], assets["has_amounts"]) == ("justice", True)
    confiscated = next(r for r in assets["rows"] if r["value"] == "confiscated")
    assert (confiscated["figures"], confiscated["amounts"]) == ([1, None], ["3000000.00", None])


def test_the_old_page_leads_to_the_justice_group_of_the_newest_period(convicted, client_for):
    client = client_for("observer")
    assert client.get(reverse("justice:statistics"))["Location"] == reverse("publication:index")
    services.publish(Q1, by=SYSTEM)
    assert client.get(reverse("justice:statistics"))["Location"] == (
        reverse("publication:period", args=["2026Q1"]) + "#justice"
    )


def _values(period: ReportingPeriod) -> dict[str, Decimal | None]:
    compute = {name: REGISTRY[name].function for name in REGISTRY if name.startswith("justice.")}
    return {name: function(None, period) for name, function in compute.items()}


def test_the_indicators_read_the_frozen_quarter_cells(convicted, persona, settings):
    period = ReportingPeriod.objects.get(code="2009Q1")
    period.year, period.quarter = 2026, 1  # the computation reads the year and quarter only
    assert set(_values(period).values()) == {None}  # not published yet
    settings.LIDHJA_PUBLICATION_THRESHOLD = 1
    services.publish(Q1, by=SYSTEM)
    expected = {
        "justice.persons_arrested": Decimal(3),
        "justice.persons_prosecuted": Decimal(3),
        "justice.persons_convicted": Decimal(3),
        "justice.assets_confiscated": Decimal(1),
        "justice.officials_prosecuted": Decimal(1),
        "justice.officials_convicted": Decimal(1),
        "justice.amount_confiscated": Decimal("3000000.00"),
        "justice.special_fund_share": Decimal("50.00"),
        "justice.victims_as_witnesses": None,  # no victim linked: the zero cells are hidden
    }
    assert _values(period) == expected
    # Frozen: a conviction recorded later, or another threshold, changes nothing published.
    prosecutor = persona("prosecutor")
    later = register(prosecutor)
    convict(later, prosecutor, defendant(later, prosecutor), date(2026, 3, 1))
    settings.LIDHJA_PUBLICATION_THRESHOLD = 5
    assert _values(period) == expected


def test_with_a_threshold_the_indicators_publish_nothing_the_release_hides(convicted, settings):
    period = ReportingPeriod.objects.get(code="2009Q1")
    period.year, period.quarter = 2026, 1
    settings.LIDHJA_PUBLICATION_THRESHOLD = 5
    services.publish(Q1, by=SYSTEM)
    assert set(_values(period).values()) == {None}


def test_a_hidden_count_does_not_follow_from_the_justice_totals(persona, settings):
    """Six convictions, five of men and one of a woman: the woman's cell is hidden, and so is
    a complement in every sum that holds it (sex, sentences), so no hidden cell follows."""
    settings.LIDHJA_PUBLICATION_THRESHOLD = 3
    prosecutor = persona("prosecutor")
    for sex in ("male",) * 5 + ("female",):
        p = register(prosecutor, on=date(2026, 1, 5))  # a final decision closes a proceeding
        person = defendant(p, prosecutor, sex=sex, age_band="25-34")
        convict(p, prosecutor, person, date(2026, 3, 1))
    release = services.publish(Q1, by=SYSTEM)
    shown = {(t, c): n for t, c, n in release.cells}
    assert shown[("justice.convicted", "all")] == 6
    assert shown[("justice.convicted_sex_age", "female")] is None
    assert shown[("justice.convicted_sex_age", "male")] is None  # else 6 - 5 gives her back
    hidden = {("P", t, c) for (t, c), n in shown.items() if n is None}
    assert recoverable(period_lines("P"), hidden) == []


def test_the_indicators_are_attached_to_the_seed_plans_prosecution_nodes(seed_plan):
    attached = {
        (i.node.code, i.computation)
        for i in Indicator.objects.filter(node__plan=seed_plan, computation__startswith="justice.")
    }
    assert attached == {
        ("1", "justice.persons_arrested"),
        ("1", "justice.persons_prosecuted"),
        ("1", "justice.persons_convicted"),
        ("1", "justice.victims_as_witnesses"),
        ("4", "justice.victims_as_witnesses"),  # Protection aim 4
        ("1.(h)", "justice.assets_confiscated"),
        ("1.(h)", "justice.amount_confiscated"),
        ("1.(h)", "justice.special_fund_share"),
        ("1.(i)", "justice.officials_prosecuted"),
        ("1.(i)", "justice.officials_convicted"),
    }


def test_the_justice_definitions_are_seeded_in_both_languages():
    from lidhja.publication.models import Definition

    found = {d.code: d for d in Definition.objects.filter(code__startswith="justice.")}
    assert set(found) == {spec.code for spec in JUSTICE}
    assert (found["justice.assets"].unit, found["justice.assets"].reference_date) == (
        "measure",
        "measure",
    )
    assert found["justice.appealed"].reference_date == "appeal"
    assert found["justice.convicted"].title_sq == "Të pandehur të dënuar"
    assert not Release.objects.exists()


def test_victims_in_proceedings_count_confirmed_links_and_the_witness_share(persona, seed_plan):
    """Eight victims' cases linked to a proceeding of 2026Q1: seven as witnesses (one link still
    pending), three as injured parties (two of them witnesses too, one declined). Counted: the
    confirmed links only, each person once per role and once in all."""
    from lidhja.justice.domain import services as justice
    from lidhja.monitoring.domain.periods import ensure_period
    from tests.cases.test_access_matrix import _open

    worker, prosecutor = persona("social_tirana"), persona("prosecutor")
    p = register(prosecutor)
    cases = [_open(worker, "MUN-TR", given=f"Synthetica{'x' * i}") for i in range(8)]
    roles = [(i, "witness") for i in range(7)] + [(0, "injured_party"), (1, "injured_party")]
    roles += [(7, "injured_party"), (5, "injured_party")]
    for i, role in roles:
        link = justice.link_victim(
            p, by=prosecutor, version=fresh(p), values={"case_code": cases[i].code, "role": role}
        )
        if (i, role) == (6, "witness"):
            continue  # pending
        decide = justice.decline_victim_link if i == 5 and role == "injured_party" else None
        (decide or justice.confirm_victim_link)(link.pk, case=cases[i], by=worker, version=1)
    assert cells(Q1, "justice.victims") == {"all": 7, "witness": 6, "injured_party": 3}
    period = ensure_period("2026Q1")
    share = REGISTRY["justice.victims_as_witnesses"].function
    assert share(seed_plan, period) is None  # not published yet
    services.publish(Q1, by=SYSTEM)
    release = Release.objects.get(period="2026Q1")
    shown = {c: n for t, c, n in release.cells if t == "justice.victims"}
    assert shown == {"all": 7, "witness": 6, "injured_party": None}  # 3 is below the threshold
    assert share(seed_plan, period) == Decimal("85.71")  # 6 of 7
    names = Indicator.objects.filter(computation="justice.victims_as_witnesses")
    assert {(i.node.chapter, i.node.code) for i in names} == {
        ("prosecution", "1"),
        ("protection", "4"),
    }


def test_a_defendant_counts_in_the_period_of_the_first_stage_only(persona):
    prosecutor = persona("prosecutor")
    p = register(prosecutor, on=date(2025, 12, 1))
    d = defendant(p, prosecutor)
    stage(p, prosecutor, "arrest", date(2025, 12, 20), defendant=d)
    stage(p, prosecutor, "arrest", date(2026, 1, 20), defendant=d)  # arrested again
    assert cells(Period(2025, 4), "justice.arrested") == {"all": 1}
    assert cells(Q1, "justice.arrested") == {"all": 0}
