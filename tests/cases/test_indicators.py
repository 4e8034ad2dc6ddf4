"""The mechanism's computed plan indicators: values from the case data, nothing below the
publication threshold."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from lidhja.cases.domain import indicators, services
from lidhja.indicators.models import Indicator
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.monitoring.models import ReportingPeriod
from lidhja.organisations.models import Organisation


def _case(by, identified_on, status="identified"):
    return services.open_case(
        by=by,
        identity_values={"given_name": "Synthetica"},
        details={
            "kind": "trafficking",
            "identified_on": identified_on,
            "identification_source": "police",
            "minor_at_exploitation": False,
        },
        exploitation=["labour"],
        status=status,
        criteria="x",
        managing_organisation=Organisation.objects.get(code="MUN-TR"),
    )


@pytest.mark.django_db
def test_the_seed_plan_carries_the_computed_case_indicators(seed_plan):
    names = set(
        Indicator.objects.filter(node__code="1.(b).6.1").values_list("computation", flat=True)
    )
    assert {
        "cases.identified_victims",
        "cases.referrals_accepted",
        "cases.employed_a_year_after_reintegration",
    } <= names


@pytest.mark.django_db
def test_employment_a_year_after_reintegration(persona, seed_plan, settings):
    settings.LIDHJA_PUBLICATION_THRESHOLD = 2
    period = ReportingPeriod.objects.get(code="2009Q1")
    social = persona("social_tirana")
    for employed in (True, False):
        case = _case(social, date(2007, 1, 1))
        case = services.record_plan(
            case,
            by=social,
            version=case.version,
            values={
                "kind": "reintegration",
                "made_on": date(2007, 6, 1),
                "reintegrated_on": date(2007, 6, 1),
            },
        ).case
        case.refresh_from_db()
        services.record_follow_up(
            case,
            by=social,
            version=case.version,
            values={
                "visited_on": date(2007, 6, 1) + timedelta(days=400),
                "employed": employed,
                "re_trafficked": False,
            },
        )
    assert indicators.employed_a_year_after(seed_plan, period) == Decimal("50.00")


@pytest.mark.django_db
def test_a_stored_value_goes_when_its_count_is_hidden_later(seed_plan, monkeypatch):
    """The system computes the values (no user behind them); a value published once and not
    published later (hidden by then) is not left standing in the store."""
    from dataclasses import replace

    from lidhja.accounts.domain.actors import SYSTEM
    from lidhja.indicators.domain import services as indicator_services
    from lidhja.indicators.domain.computations import REGISTRY
    from lidhja.indicators.models import IndicatorValue

    name = "cases.identified_victims"
    answer: list[Decimal | None] = [Decimal(3)]
    monkeypatch.setitem(REGISTRY, name, replace(REGISTRY[name], function=lambda p, q: answer[0]))
    quarter = ensure_period("2009Q1")
    stored = IndicatorValue.objects.filter(indicator__computation=name, period=quarter)
    indicator_services.compute_values(seed_plan, quarter, by=SYSTEM)
    assert [(v.value, v.computed, v.entered_by) for v in stored] == [(Decimal(3), True, None)]
    answer[0] = None
    indicator_services.compute_values(seed_plan, quarter, by=SYSTEM)
    assert not stored.all().exists()  # a fresh query: `stored` holds its first answer
