"""The campaign indicators: exact values from submitted reach reports and campaign dates, and
their place in the seed plan's Prevention items."""

from decimal import Decimal

import pytest

from lidhja.campaigns.domain import services
from lidhja.campaigns.domain.sections import campaigns_section
from lidhja.indicators.domain.computations import REGISTRY
from lidhja.indicators.domain.seed import SYSTEM
from lidhja.indicators.models import Indicator
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.monitoring.domain.sections import MIDTERM_SECTIONS
from tests.campaigns.helpers import make_campaign, reach_values, submitted

NAMES = [
    "campaigns.events_held",
    "campaigns.materials_distributed",
    "campaigns.people_reached",
    "campaigns.running",
    "campaigns.youth_reached",
]


def _value(name, plan, code):
    return REGISTRY[name].function(plan, ensure_period(code))


@pytest.fixture
def reported(persona, seed_plan):
    """Three campaigns of the plan and one outside it, with reports of 2009Q2."""
    onac, focal = persona("onac"), persona("focal_asp")
    school = make_campaign(onac, code="AC-1")  # ASP; children and the public; 2009
    public = make_campaign(onac, code="AC-2", lead="ONAC", target_groups=["general_public"])
    make_campaign(onac, code="AC-3", status="planned")  # planned: not running, no reach
    outside = make_campaign(onac, code="AC-4", lead="ONAC", activities=[])
    submitted(school, "2009Q2", focal, people_reached=1000, materials_distributed=300)
    submitted(public, "2009Q2", onac, people_reached=250, events_held=1, materials_distributed=5)
    submitted(outside, "2009Q2", onac, people_reached=99_999)  # not linked to the plan
    draft = reach_values(people_reached=50_000)
    services.save_reach(school, "2009Q3", draft, version=None, by=focal)  # a draft: not counted
    returned = submitted(public, "2009Q3", onac, people_reached=70)
    services.return_reach(returned, "recount", version=returned.version, by=onac)
    return school


@pytest.mark.django_db
def test_exact_values_of_a_reported_quarter(reported, seed_plan):
    values = {name: _value(name, seed_plan, "2009Q2") for name in NAMES}
    assert values == {
        "campaigns.events_held": Decimal(5),  # 4 + 1
        "campaigns.materials_distributed": Decimal(305),
        "campaigns.people_reached": Decimal(1250),
        "campaigns.running": Decimal(2),  # AC-1 and AC-2; AC-3 planned, AC-4 not of the plan
        "campaigns.youth_reached": Decimal(1000),  # AC-1 aims at children and youth
    }


@pytest.mark.django_db
def test_a_quarter_with_drafts_and_returned_reports_only_has_no_reported_value(reported, seed_plan):
    values = {name: _value(name, seed_plan, "2009Q3") for name in NAMES}
    assert values == {
        "campaigns.events_held": None,
        "campaigns.materials_distributed": None,
        "campaigns.people_reached": None,
        "campaigns.running": Decimal(2),
        "campaigns.youth_reached": None,
    }
    assert _value("campaigns.running", seed_plan, "2010Q1") == Decimal(0)


@pytest.mark.django_db
def test_the_indicators_sit_on_the_prevention_items_that_ask_for_them(seed_plan):
    assert SYSTEM[("prevention", "1.(a).1")] == [
        "campaigns.running",
        "campaigns.people_reached",
        "campaigns.events_held",
    ]
    assert SYSTEM[("prevention", "1.(a).3")] == ["campaigns.running"]
    assert SYSTEM[("prevention", "1.(a).5")] == ["campaigns.materials_distributed"]
    assert SYSTEM[("prevention", "1.(b)")] == ["campaigns.youth_reached"]
    attached = Indicator.objects.filter(
        node__plan=seed_plan, computation__startswith="campaigns."
    ).values_list("node__code", "computation")
    assert sorted(attached) == [
        ("1.(a).1", "campaigns.events_held"),
        ("1.(a).1", "campaigns.people_reached"),
        ("1.(a).1", "campaigns.running"),
        ("1.(a).3", "campaigns.running"),
        ("1.(a).5", "campaigns.materials_distributed"),
        ("1.(b)", "campaigns.youth_reached"),
    ]


@pytest.mark.django_db
def test_the_midterm_section_lists_the_plan_campaigns_with_their_reach(reported, seed_plan):
    assert campaigns_section in MIDTERM_SECTIONS
    section = campaigns_section(seed_plan, ensure_period("2010Q2"))
    rows = [(r[0], r[2], r[5], r[6], r[7], r[8], r[9]) for r in section.rows]
    assert rows == [
        ("AC-1", "ASP", "Running", 1, 1000, 300, 4),
        ("AC-2", "ONAC", "Running", 1, 250, 5, 1),
        ("AC-3", "ASP", "Planned", 0, 0, 0, 0),
    ]
