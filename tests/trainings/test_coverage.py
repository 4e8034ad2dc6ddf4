"""Coverage of the seed's training targets, computed with exact values: police trained
(Prosecution 1.(b).2: 50 % of active officers by 2010), Serious Crimes judges trained (all),
a trained female officer at each crossing point (Protection 2.(c).2); the grid flags gaps."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from lidhja.indicators.domain.computations import REGISTRY
from lidhja.indicators.domain.seed import SYSTEM
from lidhja.indicators.models import Indicator
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.trainings.domain import queries, services
from lidhja.trainings.models import Court, RosterFunction, Sex
from tests.trainings.helpers import attend, event, member, org

END_2010 = date(2010, 12, 31)


@pytest.fixture
def roster(persona):
    by = persona("onac")
    police = [member(by, name=f"Police{i}") for i in range(4)]
    member(by, name="Left", active_until=date(2009, 1, 1))  # no longer active
    member(by, name="Later", active_from=date(2011, 1, 1))  # not yet active
    sc = [
        member(by, organisation="SCC", function=RosterFunction.JUDGE, court=c, name=f"Judge{i}")
        for i, c in enumerate(
            [Court.SERIOUS_CRIMES, Court.SERIOUS_CRIMES, Court.SERIOUS_CRIMES_APPEAL]
        )
    ]
    district = member(
        by,
        organisation="COURTS",
        function=RosterFunction.JUDGE,
        court=Court.DISTRICT,
        name="District",
    )
    border = {
        "rinas": member(
            by,
            organisation="BMP",
            function=RosterFunction.BORDER_OFFICER,
            border_point="rinas",
            sex=Sex.FEMALE,
        ),
        "kakavije": member(
            by,
            organisation="BMP",
            function=RosterFunction.BORDER_OFFICER,
            border_point="kakavije",
            sex=Sex.FEMALE,
        ),
        "durres_port": member(
            by,
            organisation="BMP",
            function=RosterFunction.BORDER_OFFICER,
            border_point="durres_port",
            sex=Sex.MALE,
        ),
    }
    first = event(by, starts=date(2009, 3, 1), ends=date(2009, 3, 2))
    attend(
        by,
        first,
        [police[0], sc[0], sc[2], district, border["rinas"], border["durres_port"]],
        [
            services.CountRow(org("ASP"), "police", Sex.MALE, 7),
            services.CountRow(org("ASP"), "police", Sex.FEMALE, 3),
        ],
    )
    late = event(by, starts=date(2011, 1, 10))  # after the end of 2010: does not count then
    attend(
        by,
        late,
        [police[1], border["kakavije"]],
        [services.CountRow(org("GPO"), "prosecutors", Sex.FEMALE, 5)],
    )
    return by


@pytest.mark.django_db
def test_coverage_at_the_end_of_2010(roster):
    result = queries.coverage(END_2010)
    assert (result.police.active, result.police.trained, result.police.percent) == (
        4,
        1,
        Decimal("25.00"),
    )
    assert (result.judges.active, result.judges.trained, result.judges.percent) == (
        3,
        2,
        Decimal("66.67"),
    )
    grid = {c.point: (c.female_officers, c.trained_female, c.covered) for c in result.border}
    assert len(grid) == 13
    assert grid["rinas"] == (1, 1, True)
    assert grid["kakavije"] == (1, 0, False)
    assert grid["durres_port"] == (0, 0, False)
    assert result.border_covered == 1
    functions = {label: (s.active, s.trained) for label, s in result.functions}
    assert functions == {
        "Anti-trafficking police officer": (4, 1),
        "Prosecutor": (0, 0),
        "Judge": (4, 3),
        "Social worker": (0, 0),
        "Border officer": (3, 2),
        "Trainer": (0, 0),
    }


@pytest.mark.django_db
def test_coverage_later_counts_the_later_event(roster):
    result = queries.coverage(date(2011, 2, 1))
    assert (result.police.active, result.police.trained) == (5, 2)  # "Later" is active now
    assert result.border_covered == 2


@pytest.mark.django_db
def test_the_computed_indicators(roster):
    q1, q4 = ensure_period("2009Q1"), ensure_period("2010Q4")
    value = {
        name: REGISTRY[f"trainings.{name}"].function
        for name in (
            "people_trained",
            "police_trained_percent",
            "serious_crimes_judges_trained",
            "border_points_with_trained_female_officer",
        )
    }
    assert value["people_trained"](None, q1) == Decimal(16)  # 7 + 3 counted, 6 named
    assert value["people_trained"](None, q4) == Decimal(0)
    assert value["police_trained_percent"](None, q4) == Decimal("25.00")
    assert value["serious_crimes_judges_trained"](None, q4) == Decimal("66.67")
    assert value["border_points_with_trained_female_officer"](None, q4) == Decimal(1)
    assert value["people_trained"](None, ensure_period("2011Q1")) == Decimal(7)  # 5 + 2 named


@pytest.mark.django_db
def test_no_roster_no_percent(db):
    q4 = ensure_period("2010Q4")
    assert REGISTRY["trainings.police_trained_percent"].function(None, q4) is None
    assert REGISTRY["trainings.serious_crimes_judges_trained"].function(None, q4) is None
    assert REGISTRY["trainings.border_points_with_trained_female_officer"].function(
        None, q4
    ) == Decimal(0)


@pytest.mark.django_db
def test_the_indicators_are_attached_to_the_seed_plan(seed_plan):
    assert SYSTEM[("prosecution", "1.(b)")].count("trainings.people_trained") == 1
    attached = dict(
        Indicator.objects.filter(
            node__plan=seed_plan, computation__startswith="trainings."
        ).values_list("computation", "node__code")
    )
    assert attached == {
        "trainings.people_trained": "1.(b)",
        "trainings.police_trained_percent": "1.(b).2",
        "trainings.serious_crimes_judges_trained": "1.(b).2",
        "trainings.border_points_with_trained_female_officer": "2.(c).2",
    }


@pytest.mark.django_db
def test_the_coverage_page_flags_the_gaps(client_for, roster, persona):
    member(persona("onac"), organisation="TDH", function=RosterFunction.TRAINER)
    response = client_for("observer").get(reverse("trainings:coverage"), {"on": "2010-12-31"})
    body = response.content.decode()
    assert response.status_code == 200
    rinas = body.split('data-point="rinas"')[1].split("</tr>")[0]
    kakavije = body.split('data-point="kakavije"')[1].split("</tr>")[0]
    assert "yes" in rinas and "gap" not in rinas
    assert "no – gap" in kakavije
    police = body.split('data-target="police"')[1].split("</tr>")[0]
    assert "25.0\xa0%" in police and "below target" in police
    judges = body.split('data-target="judges"')[1].split("</tr>")[0]
    assert "66.7\xa0%" in judges and "gap" in judges
    # None of the active members of a function trained is 0 %, not "no figure".
    for label, share in response.context["coverage"].functions:
        row = body.split(f'<th scope="row">{label}</th>')[1].split("</tr>")[0]
        if share.active and not share.trained:
            assert '<td class="num">0.0\xa0%</td>' in row
        if not share.active:
            assert '<td class="num">–</td>' in row
    assert any(s.active and not s.trained for _, s in response.context["coverage"].functions)


@pytest.mark.django_db
def test_the_coverage_api_gives_the_same_figures(client_for, roster):
    response = client_for("focal_moi").get(reverse("trainings-api:coverage"), {"on": "2010-12-31"})
    data = response.json()
    assert data["police"] == {"active": 4, "trained": 1, "percent": "25.00"}
    assert data["serious_crimes_judges"] == {"active": 3, "trained": 2, "percent": "66.67"}
    assert data["border_points_covered"] == 1
    assert (
        client_for("focal_moi").get(reverse("trainings-api:coverage"), {"on": "nope"}).status_code
        == 400
    )
