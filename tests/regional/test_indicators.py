"""The computed indicators of the assessments: committees whose assessment of the period's
half-year is submitted or accepted, as a number and as a share of the active committees."""

from decimal import Decimal

import pytest

from lidhja.indicators.domain.computations import REGISTRY
from lidhja.indicators.models import Indicator
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.organisations.models import Organisation
from lidhja.regional.models import Assessment

NUMBER = "regional.assessments_submitted"
PERCENT = "regional.assessments_submitted_percent"


def _value(name, plan, code):
    return REGISTRY[name].function(plan, ensure_period(code))


def _assess(code, year, half, status):
    Assessment.objects.create(
        organisation=Organisation.objects.get(code=code), year=year, half=half, status=status
    )


@pytest.mark.django_db
def test_the_seed_plan_carries_the_assessment_indicators(seed_plan):
    attached = set(
        Indicator.objects.filter(computation__startswith="regional.").values_list(
            "node__chapter", "node__code", "computation"
        )
    )
    assert attached == {
        (chapter, code, name)
        for chapter, code in (
            ("coordination", "2.(a).1.4"),
            ("coordination", "4.(a).1.1"),
            ("prevention", "3.(b).1"),
        )
        for name in (NUMBER, PERCENT)
    }


@pytest.mark.django_db
def test_submitted_and_accepted_assessments_of_the_half_year_count(seed_plan):
    assert _value(NUMBER, seed_plan, "2009Q1") == Decimal(0)
    assert _value(PERCENT, seed_plan, "2009Q1") == Decimal("0.00")
    _assess("RCAT-TR", 2009, 1, "submitted")
    _assess("RCAT-SH", 2009, 1, "accepted")
    _assess("RCAT-DR", 2009, 1, "returned")
    _assess("RCAT-VL", 2009, 1, "draft")
    _assess("RCAT-EL", 2009, 2, "accepted")
    _assess("RCAT-KO", 2008, 1, "accepted")
    # 2009Q1 and Q2 are the first half-year: 2 of the 12 committees.
    for quarter in ("2009Q1", "2009Q2"):
        assert _value(NUMBER, seed_plan, quarter) == Decimal(2)
        assert _value(PERCENT, seed_plan, quarter) == Decimal("16.67")
    assert _value(NUMBER, seed_plan, "2009Q3") == Decimal(1)
    assert _value(PERCENT, seed_plan, "2009Q4") == Decimal("8.33")
    # An inactive committee counts in neither part of the share.
    Organisation.objects.filter(code="RCAT-SH").update(is_active=False)
    assert _value(NUMBER, seed_plan, "2009Q1") == Decimal(1)
    assert _value(PERCENT, seed_plan, "2009Q1") == Decimal("9.09")
