"""The mechanism's computed plan indicators: values from the case data, nothing below the
publication threshold."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from lidhja.cases.domain import indicators, services, statistics
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
def test_identified_victims_are_counted_only_from_the_threshold(persona, seed_plan, settings):
    settings.LIDHJA_PUBLICATION_THRESHOLD = 3
    q1, q2 = (ensure_period(code) for code in ("2009Q1", "2009Q2"))
    police = persona("police")
    for _ in range(2):
        _case(police, date(2009, 2, 1))
    _case(police, date(2009, 2, 1), status="presumed")
    for _ in range(3):
        _case(police, date(2009, 5, 1))  # another quarter
    assert indicators.identified_victims(seed_plan, q1) is None  # 2 < 3: not published
    _case(police, date(2009, 3, 31))
    assert indicators.identified_victims(seed_plan, q1) == Decimal(3)
    assert indicators.identified_victims(seed_plan, q2) == Decimal(3)


@pytest.mark.django_db
def test_a_hidden_quarter_cannot_be_had_from_the_statistics_year(persona, seed_plan, settings):
    """The quarters of the indicator add up to the statistics' identified cell of the year:
    publishing three quarters beside that cell would give back the fourth."""
    settings.LIDHJA_PUBLICATION_THRESHOLD = 3
    police = persona("police")
    for month, n in ((2, 4), (5, 4), (8, 4), (11, 1)):
        for _ in range(n):
            _case(police, date(2009, month, 1))
    for _ in range(6):
        _case(police, date(2009, 6, 1), status="presumed")
    published = [
        indicators.identified_victims(seed_plan, ensure_period(f"2009Q{q}")) for q in (1, 2, 3, 4)
    ]
    year = next(t for t in statistics.tables() if t.name == "status")
    (row,) = [cells for y, cells in year.rows if y == 2009]
    identified = row[year.columns.index("identified")]
    assert published[3] is None  # one case: below the threshold
    hidden = [q for q, value in enumerate(published) if value is None]
    if not identified.hidden:
        # The shown year less the shown quarters must cover at least two hidden quarters
        # holding together at least the threshold.
        assert len(hidden) >= 2
        assert identified.count - sum(v for v in published if v is not None) >= 3
    assert published != [Decimal(4), Decimal(4), Decimal(4), None] or identified.hidden


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
def test_a_stored_value_goes_when_its_count_is_hidden_later(persona, seed_plan, settings):
    """The system computes the values (no user behind them); a quarter published once and
    hidden later is not left standing in the store."""
    from lidhja.accounts.domain.actors import SYSTEM
    from lidhja.indicators.domain import services as indicator_services
    from lidhja.indicators.models import IndicatorValue

    settings.LIDHJA_PUBLICATION_THRESHOLD = 3
    quarters = [ensure_period(f"2009Q{q}") for q in (1, 2, 3, 4)]
    police = persona("police")
    cases = [_case(police, date(2009, month, 1)) for month in (2, 2, 2, 5, 5, 5, 8, 8, 8)]
    cases += [_case(police, date(2009, 11, 1)) for _ in range(3)]
    for _ in range(6):
        _case(police, date(2009, 6, 1), status="presumed")

    def compute_and_store():
        for quarter in quarters:
            indicator_services.compute_values(seed_plan, quarter, by=SYSTEM)
        stored = IndicatorValue.objects.filter(
            indicator__computation="cases.identified_victims"
        ).order_by("period__quarter")
        return [(v.period.code, v.value, v.entered_by) for v in stored]

    assert compute_and_store() == [(f"2009Q{q}", Decimal(3), None) for q in (1, 2, 3, 4)]
    moved = cases[-1]  # its date of first contact corrected: Q4 keeps 2, below the threshold
    services.update_details(
        moved,
        by=police,
        version=moved.version,
        details={"identified_on": date(2010, 1, 5)},
        exploitation=["labour"],
    )
    published = [indicators.identified_victims(seed_plan, quarter) for quarter in quarters]
    assert published[3] is None
    assert compute_and_store() == [
        (quarter.code, value, None)
        for quarter, value in zip(quarters, published, strict=True)
        if value is not None
    ]
