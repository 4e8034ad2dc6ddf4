"""Victim-side computed plan indicators read the published cells: nothing before a quarter is
published, nothing a table hides."""

from datetime import date
from decimal import Decimal

import pytest

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.indicators.domain.computations import REGISTRY
from lidhja.indicators.models import Indicator
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.publication.domain import indicators, services
from lidhja.publication.domain.periods import Period
from lidhja.publication.domain.queries import statistics_document
from tests.publication.helpers import add_register, many

Q1 = date(2009, 2, 1)


@pytest.mark.django_db
def test_the_seed_plan_carries_the_victim_indicators(seed_plan):
    def names(code):
        return set(
            Indicator.objects.filter(node__chapter="protection", node__code=code).values_list(
                "computation", flat=True
            )
        )

    assert "cases.identified_victims" in names("1.(b).6.1")
    assert {"protection.identified_at_border", "protection.identified_at_border.rinas"} <= names(
        "2.(c)"
    )
    assert "protection.reflection_periods" in names("2.(e)")
    assert "protection.re_trafficked" in names("3.(b)")
    assert "protection.risk_assessed" in names("4")


@pytest.mark.django_db
def test_indicators_read_the_published_cells(seed_plan):
    period = ensure_period("2009Q1")
    add_register(many(6, identified_on=Q1, source="border", border_point="rinas"))
    add_register(many(2, identified_on=Q1, source="border", border_point="morine"))
    add_register(many(8, identified_on=Q1, risk_assessed=True, reflection_on=Q1))
    add_register(many(7, identified_on=Q1, status="presumed", source="ngo", re_trafficked_on=Q1))
    assert indicators.identified_victims(seed_plan, period) is None  # not published yet
    services.publish(Period(2009, 1), by=SYSTEM)
    document = statistics_document(Period(2009, 1))
    cells = {(t.code, r.value): r.figures[0] for t in document.tables for r in t.rows}
    assert indicators.identified_victims(seed_plan, period) == Decimal(16)
    assert cells[("victims.status", "identified")] == 16
    assert indicators.identified_at_border(seed_plan, period) == Decimal(8)
    # Rinas (6) is shown only if Morinë (2) has a hidden partner: the indicator follows the table.
    rinas = REGISTRY["protection.identified_at_border.rinas"].function(seed_plan, period)
    assert rinas == (None if cells[("victims.border_point", "rinas")] is None else Decimal(6))
    morine = REGISTRY["protection.identified_at_border.morine"].function
    assert morine(seed_plan, period) is None
    assert indicators.reflection_periods(seed_plan, period) == Decimal(8)
    assert indicators.re_trafficked(seed_plan, period) == Decimal(7)
    # 8 of 23 persons have a risk assessment.
    assert indicators.risk_assessed(seed_plan, period) == Decimal("34.78")


@pytest.mark.django_db
def test_a_small_count_is_no_indicator(seed_plan):
    period = ensure_period("2009Q1")
    add_register(many(2, identified_on=Q1, reflection_on=Q1))
    add_register(many(7, identified_on=Q1))
    add_register(many(6, identified_on=Q1, status="presumed"))
    services.publish(Period(2009, 1), by=SYSTEM)
    assert indicators.reflection_periods(seed_plan, period) is None
    assert indicators.risk_assessed(seed_plan, period) is None  # 0 with: hidden
    assert indicators.identified_victims(seed_plan, period) == Decimal(9)


@pytest.mark.django_db
def test_joint_reports_count_the_quarters_published_so_far(seed_plan):
    names = set(
        Indicator.objects.filter(node__chapter="prosecution", node__code="1.(e)").values_list(
            "computation", flat=True
        )
    )
    assert "prosecution.joint_reports" in names
    q2 = ensure_period("2009Q2")
    assert indicators.joint_reports(seed_plan, q2) == Decimal(0)
    add_register(many(6, identified_on=Q1))
    for quarter in (1, 2, 3):
        services.publish(Period(2009, quarter), by=SYSTEM)
    assert indicators.joint_reports(seed_plan, q2) == Decimal(2)  # Q3 is later than Q2
    services.publish(Period(2009, 4), by=SYSTEM)
    services.publish(Period(2009), by=SYSTEM)
    # The year's release is not a three-monthly report; another year counts on its own.
    assert indicators.joint_reports(seed_plan, ensure_period("2009Q4")) == Decimal(4)
    assert indicators.joint_reports(seed_plan, ensure_period("2010Q1")) == Decimal(0)
