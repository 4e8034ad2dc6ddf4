"""The dashboard's headline tiles against constructed data, the period picker, and the link to
the mid-term report (a document of its own, not inlined)."""

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.core import figures
from lidhja.monitoring.domain import services
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.monitoring.models import Obligation, ProgressReport
from lidhja.plans.domain.services import set_node_timeline
from lidhja.plans.models import Level, PlanNode
from lidhja.publication.domain import services as publication
from lidhja.publication.domain.periods import Period
from tests.publication.helpers import add_register, many

Q1 = date(2009, 2, 1)
REPORT = {"narrative": "Done.", "outputs_achieved": "", "currency": "ALL", "donor": None}
TILE = re.compile(
    r'data-tile="([a-z-]+)">.*?<span class="tile-figure">(.*?)</span>\s*'
    r'<span class="tile-note">(.*?)</span>',
    re.DOTALL,
)


def tiles_of(response) -> dict[str, tuple[str, str]]:
    assert response.status_code == 200
    return {name: (figure, note) for name, figure, note in TILE.findall(response.content.decode())}


def submit(obligation, by, status, day: datetime, spend=None, source="state"):
    report = services.save_report(
        obligation,
        {**REPORT, "implementation_status": status, "expenditure": spend, "funding_source": source},
        version=None,
        by=by,
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services.timezone, "now", lambda: day)
        return services.transition(report, "submit", version=report.version, by=by)


@pytest.fixture
def constructed(persona):
    """2009Q1: ASP reports on four activities it leads (three on time, one late, one of them
    accepted), MOI on one; 1,000 lek from the state budget and 250.50 from another source."""
    focal_asp, focal_moi, onac = persona("focal_asp"), persona("focal_moi"), persona("onac")
    period = ensure_period("2009Q1")
    asp = list(
        Obligation.objects.filter(period=period, organisation__code="ASP", role="lead").order_by(
            "node__position"
        )[:4]
    )
    moi = (
        Obligation.objects.filter(period=period, organisation__code="MOI")
        .exclude(node__in=[o.node_id for o in asp])
        .order_by("node__position")
        .first()
    )
    april = datetime(2009, 4, 1, 8, tzinfo=UTC)
    first = submit(asp[0], focal_asp, "completed", april + timedelta(days=9), Decimal(1000))
    submit(asp[1], focal_asp, "on_track", april + timedelta(days=11), Decimal("250.50"), "other")
    submit(asp[2], focal_asp, "delayed", datetime(2009, 5, 3, 8, tzinfo=UTC))
    submit(asp[3], focal_asp, "on_track", april + timedelta(days=1))
    submit(moi, focal_moi, "not_started", april + timedelta(days=13))
    services.transition(first, "accept", version=first.version, by=onac)
    return {"period": period, "asp": asp, "moi": moi}


def expected_at_risk(period, reported_fine: set[int]) -> set[int]:
    """Activities due within the quarter after the period that no report calls on track."""
    window = (period.end + timedelta(days=1), period.end + timedelta(days=92))
    due = PlanNode.objects.filter(level=Level.ACTIVITY, due_end__range=window)
    return set(due.exclude(pk__in=reported_fine).values_list("pk", flat=True))


def test_tiles_show_the_figures_of_the_constructed_data(client_for, constructed, persona):
    asp, moi, period = constructed["asp"], constructed["moi"], constructed["period"]
    # One more activity due within the next quarter, with no report: at risk.
    spare = PlanNode.objects.filter(level=Level.ACTIVITY).exclude(
        pk__in=[o.node_id for o in [*asp, moi]]
    )[0]
    set_node_timeline(
        spare,
        due_start=date(2009, 1, 1),
        due_end=date(2009, 5, 31),
        recurrence="",
        version=spare.version,
        by=SYSTEM,
    )
    add_register(many(9, identified_on=Q1))
    add_register(many(6, identified_on=Q1, status="presumed"))
    tiles = tiles_of(client_for("onac").get(reverse("monitoring:dashboard"), {"period": "2009Q1"}))
    owed = Obligation.objects.filter(period=period).count()
    on_time = (Decimal(100) * 4 / owed).quantize(Decimal("0.1"))
    assert tiles["on-time"] == (
        figures.percent(on_time),
        f"4 of {figures.count(owed)} reports owed",
    )
    at_risk = expected_at_risk(period, {asp[0].node_id, asp[1].node_id, asp[3].node_id})
    assert spare.pk in at_risk
    delayed = {asp[2].node_id}
    assert tiles["at-risk"] == (
        figures.count(len(delayed | at_risk)),
        f"1 delayed, {figures.count(len(at_risk))} at risk of missing their due date",
    )
    assert tiles["to-review"] == ("4", "submitted, waiting for ONAC")
    # 1,000 of 1,250.50 lek from national funds (the state budget): 80.0 %.
    target = f"target at least {figures.percent(Decimal(50))}"
    assert tiles["national-share"] == (figures.percent(Decimal("80.0")), target)
    assert tiles["victims"][0] == "9"
    assert "identified in 2009Q1" in tiles["victims"][1]


def test_a_small_count_of_victims_is_suppressed(client_for, db):
    ensure_period("2009Q1")
    add_register(many(3, identified_on=Q1))
    add_register(many(7, identified_on=Q1, status="presumed"))
    tiles = tiles_of(client_for("onac").get(reverse("monitoring:dashboard"), {"period": "2009Q1"}))
    assert tiles["victims"][0] == "suppressed"
    assert "fewer than 5" in tiles["victims"][1]
    assert tiles["national-share"] == ("–", "No spending reported yet.")
    assert tiles["to-review"][0] == "0"


def test_a_published_quarter_shows_its_published_count(client_for, db):
    ensure_period("2009Q1")
    add_register(many(16, identified_on=Q1))
    add_register(many(7, identified_on=Q1, status="presumed"))
    publication.publish(Period(2009, 1), by=SYSTEM)
    add_register(many(2, identified_on=Q1))  # recorded after publication: not in the figure
    tiles = tiles_of(client_for("onac").get(reverse("monitoring:dashboard"), {"period": "2009Q1"}))
    assert tiles["victims"][0] == "16"


def test_the_period_picker_keeps_the_period_in_the_url(client_for, db):
    ensure_period("2009Q1")
    client = client_for("onac")
    response = client.get(reverse("monitoring:dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<form class="filters" method="get"' in body
    assert '<option value="2009Q1" selected>2009Q1</option>' in body
    midterm = reverse("monitoring:midterm", args=["nap-2008-2010"])
    assert f'href="{midterm}?period=2009Q1"' in body
    assert "<h2" not in body.split('class="tiles"')[1].split("</ul>")[0]  # not inlined


@pytest.mark.parametrize(
    "query",
    [
        {"period": "2031Q1"},
        {"period": "nonsense"},
        {"period": "2009Q1", "plan": "no-such-plan"},
        {"period": "x" * 5000},
    ],
)
def test_the_period_picker_answers_400_to_bad_input(client_for, db, query):
    ensure_period("2009Q1")
    response = client_for("onac").get(reverse("monitoring:dashboard"), query)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="form-errors error-summary"' in body
    assert 'data-tile="' not in body


def test_the_dashboard_reads_stored_figures_with_few_queries(
    client_for, constructed, django_assert_max_num_queries
):
    client = client_for("onac")
    url = reverse("monitoring:dashboard")
    client.get(url, {"period": "2009Q1"})  # computes and stores the figures
    assert ProgressReport.objects.filter(obligation__period=constructed["period"]).count() == 5
    with django_assert_max_num_queries(16):
        assert client.get(url, {"period": "2009Q1"}).status_code == 200
