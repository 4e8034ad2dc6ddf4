"""The computed indicators of the co-ordination bodies, with exact values; the walk-through of
a Task Force year (issue 10)."""

from datetime import date
from decimal import Decimal

import pytest

from lidhja.coordination.domain import services
from lidhja.indicators.domain.computations import REGISTRY
from lidhja.indicators.models import Indicator
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.organisations.models import Organisation
from tests.coordination.helpers import body, decision, held

pytestmark = pytest.mark.django_db


def compute(name: str, plan, code: str):
    return REGISTRY[name].function(plan, ensure_period(code))


def test_walk_through_of_a_task_force_year(seed_plan, persona):
    onac = persona("onac")
    for month in (2, 5, 8):  # Q1, Q2, Q3
        held("NTF", date(2009, month, 20), onac)
    services.record_meeting(body("NTF"), date=date(2009, 11, 20), by=onac)  # planned only
    assert compute("coordination.task_force_quarterly", seed_plan, "2009Q3") == Decimal(1)
    assert compute("coordination.task_force_quarterly", seed_plan, "2009Q4") == Decimal(0)
    held("NTF", date(2009, 11, 25), onac)  # the fourth, in Q4
    assert compute("coordination.task_force_quarterly", seed_plan, "2009Q4") == Decimal(1)
    assert compute("coordination.task_force_quarterly", seed_plan, "2010Q1") == Decimal(0)


def test_a_missed_quarter_stays_missed_for_the_rest_of_the_year(seed_plan, persona):
    onac = persona("onac")
    for month in (2, 8, 11):  # nothing in Q2
        held("NTF", date(2009, month, 20), onac)
    values = [
        compute("coordination.task_force_quarterly", seed_plan, f"2009Q{q}") for q in (1, 2, 3, 4)
    ]
    assert values == [Decimal(1), Decimal(0), Decimal(0), Decimal(0)]


def test_state_committee_twice_a_year(seed_plan, persona):
    onac = persona("onac")
    held("SC", date(2009, 5, 30), onac)
    name = "coordination.state_committee_twice_yearly"
    assert compute(name, seed_plan, "2009Q1") is None  # no half-year has ended
    assert compute(name, seed_plan, "2009Q2") == Decimal(1)
    assert compute(name, seed_plan, "2009Q3") == Decimal(1)
    assert compute(name, seed_plan, "2009Q4") == Decimal(0)
    held("SC", date(2009, 12, 15), onac)
    assert compute(name, seed_plan, "2009Q4") == Decimal(1)


def test_meetings_held_and_decisions_closed(seed_plan, persona):
    onac = persona("onac")
    first = held("NTF", date(2009, 2, 20), onac)
    held("SC", date(2009, 3, 31), onac)
    held("RCAT-TR", date(2009, 4, 1), onac)
    services.record_meeting(body("DONORS"), date=date(2009, 3, 10), by=onac)  # not held
    assert compute("coordination.meetings_held", seed_plan, "2009Q1") == Decimal(2)
    assert compute("coordination.meetings_held", seed_plan, "2009Q2") == Decimal(1)
    asp = Organisation.objects.get(code="ASP")
    due = [decision(first, asp, date(2009, 3, d), onac) for d in (10, 20, 30)]
    decision(first, asp, date(2009, 4, 10), onac)  # due in the next quarter
    services.close_decision(
        due[0], "done", note="ok", version=1, by=onac, closed_on=date(2009, 3, 5)
    )
    services.close_decision(
        due[1], "done", note="ok", version=1, by=onac, closed_on=date(2009, 4, 2)
    )
    services.close_decision(
        due[2], "cancelled", note="no", version=1, by=onac, closed_on=date(2009, 3, 25)
    )
    name = "coordination.decisions_closed_percent"
    # Q1: the cancelled one is not owed; one of two done by 31 March.
    assert compute(name, seed_plan, "2009Q1") == Decimal("50.00")
    # Q2: the second was done on 2 April; the one due 10 April is open: two of three.
    assert compute(name, seed_plan, "2009Q2") == Decimal("66.67")
    assert compute(name, seed_plan, "2008Q4") is None


def test_the_indicators_are_attached_to_the_seed_items(seed_plan):
    computed = set(
        Indicator.objects.filter(
            node__plan=seed_plan, computation__startswith="coordination."
        ).values_list("node__code", "computation")
    )
    assert computed == {
        ("1.(a).4", "coordination.donors_quarterly"),
        ("1.(b).4", "coordination.task_force_quarterly"),
        ("1.(c).2.1", "coordination.task_force_quarterly"),
        ("1.(c).2.1", "coordination.state_committee_twice_yearly"),
        ("1.(c).2.1", "coordination.meetings_held"),
        ("1.(c).2.1", "coordination.decisions_closed_percent"),
    }
    units = dict(
        Indicator.objects.filter(computation__startswith="coordination.").values_list(
            "computation", "unit"
        )
    )
    assert units["coordination.task_force_quarterly"] == "yes_no"
    assert units["coordination.decisions_closed_percent"] == "percent"
