"""The helpline's computed indicators: attached to the seed plan where it asks for calls, each
one cell of the year's decided statistics, with exact values; nothing for a hidden count."""

from decimal import Decimal

import pytest

from lidhja.indicators.domain.computations import REGISTRY
from lidhja.indicators.models import Indicator
from lidhja.monitoring.domain.periods import ensure_period
from tests.helpline.helpers import bulk
from tests.helpline.test_statistics import _quarterly

pytestmark = pytest.mark.django_db
NAMES = ("helpline.calls", "helpline.migration_calls", "helpline.complicity_reports")


def _values(plan, code: str) -> dict[str, Decimal | None]:
    period = ensure_period(code)
    return {name: REGISTRY[name].function(plan, period) for name in NAMES}


def test_attached_where_the_seed_plan_asks(seed_plan):
    attached = {
        (i.node.chapter, i.node.code, i.computation)
        for i in Indicator.objects.filter(computation__startswith="helpline.").select_related(
            "node"
        )
    }
    assert attached == {
        ("protection", "2.(d).1", "helpline.calls"),
        ("prevention", "1.(a).6", "helpline.migration_calls"),
        ("prosecution", "1.(i)", "helpline.complicity_reports"),
        ("prosecution", "1.(i).3.1", "helpline.complicity_reports"),
    }


def test_exact_values_of_a_quarter(persona, seed_plan):
    bulk(persona("helpline"), _quarterly(40))
    assert _values(seed_plan, "2009Q2") == {
        "helpline.calls": Decimal(120),
        "helpline.migration_calls": Decimal(30),
        "helpline.complicity_reports": Decimal(30),
    }


def test_a_small_count_is_no_value(persona, seed_plan):
    rows = [{**row, "topic": "trafficking" if row["topic"] == "complicity" else row["topic"]}
            for row in _quarterly(40)]  # fmt: skip
    rows += [{"month": 5, "topic": "complicity"}] * 3
    bulk(persona("helpline"), rows)
    values = _values(seed_plan, "2009Q2")
    # 3 complicity reports: below the threshold. Migration advice (30, the smallest other topic)
    # is hidden with them, else the 3 would follow from the quarter's total less the others.
    assert values == {
        "helpline.calls": Decimal(123),
        "helpline.migration_calls": None,
        "helpline.complicity_reports": None,
    }
    assert _values(seed_plan, "2010Q1") == dict.fromkeys(NAMES)  # no calls: every cell hidden
