"""No stored figure is stale after a write: the dashboard and compliance figures are warmed,
then each kind of service write that changes them is made, and the page shows the new figure
right after. A restore renews every stored figure."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from lidhja.audit.domain import services as audit
from lidhja.cases.domain import services as cases
from lidhja.cases.models import Case
from lidhja.core import figures
from lidhja.evaluation.domain.services import open_action
from lidhja.indicators.domain.services import set_value
from lidhja.indicators.models import Indicator
from lidhja.monitoring.domain import services
from lidhja.monitoring.domain.periods import ensure_period, set_due_date
from lidhja.monitoring.models import Obligation, ProgressReport, StoredFigures
from lidhja.plans.domain.services import set_node_timeline
from lidhja.plans.models import Level, PlanNode
from lidhja.resources.domain.services import plan_resources
from tests.monitoring.test_dashboard import submit, tiles_of
from tests.publication.helpers import add_register, many

Q1 = date(2009, 2, 1)
APRIL = datetime(2009, 4, 1, 8, tzinfo=UTC)


@pytest.fixture
def world(persona):
    period = ensure_period("2009Q1")
    asp = list(
        Obligation.objects.filter(period=period, organisation__code="ASP", role="lead").order_by(
            "node__position"
        )[:4]
    )
    add_register(many(9, identified_on=Q1))
    add_register(many(6, identified_on=Q1, status="presumed"))
    return {"period": period, "asp": asp}


def dashboard(client) -> dict[str, tuple[str, str]]:
    return tiles_of(client.get(reverse("monitoring:dashboard"), {"period": "2009Q1"}))


def asp_compliance(client) -> list[str]:
    """The ASP row of the compliance page: owed, on time, late, unsubmitted, accepted."""
    response = client.get(
        reverse("monitoring:compliance", args=["2009Q1"]), {"group": "organisation"}
    )
    body = response.content.decode()
    row = body.split("?organisation=ASP&amp;group=organisation")[1].split("</tr>")[0]
    return [cell.split("<")[0] for cell in row.split('<td class="num">')[1:6]]


def test_every_write_renews_the_figures_it_changes(client_for, persona, world):
    onac, focal = client_for("onac"), persona("focal_asp")
    analyst = persona("onac")
    asp, period = world["asp"], world["period"]
    owed = Obligation.objects.filter(period=period).count()
    asp_owed = Obligation.objects.filter(period=period, organisation__code="ASP").count()

    def on_time(n: int) -> tuple[str, str]:
        share = (Decimal(100) * n / owed).quantize(Decimal("0.1"))
        return (figures.percent(share), f"{n} of {figures.count(owed)} reports owed")

    assert dashboard(onac)["on-time"] == on_time(0)
    assert asp_compliance(onac) == [str(asp_owed), "0", "0", str(asp_owed), "0"]
    assert StoredFigures.objects.filter(key__startswith="dashboard:").count() == 1

    # A report submitted (on time), then another (late).
    first = submit(asp[0], focal, "delayed", APRIL + timedelta(days=3), Decimal(600))
    assert dashboard(onac)["on-time"] == on_time(1)
    assert dashboard(onac)["to-review"][0] == "1"
    assert dashboard(onac)["at-risk"][1].startswith("1 delayed")
    assert asp_compliance(onac)[:3] == [str(asp_owed), "1", "0"]
    second = submit(asp[1], focal, "on_track", APRIL + timedelta(days=40), Decimal(400), "other")
    assert dashboard(onac)["to-review"][0] == "2"
    assert dashboard(onac)["national-share"][0] == figures.percent(Decimal("60.0"))
    assert asp_compliance(onac)[:3] == [str(asp_owed), "1", "1"]

    # Accepted, and returned.
    services.transition(first, "accept", version=first.version, by=analyst)
    assert dashboard(onac)["to-review"][0] == "1"
    assert asp_compliance(onac)[4] == "1"
    services.transition(second, "return", version=second.version, by=analyst, comment="More.")
    assert dashboard(onac)["to-review"][0] == "0"
    # A returned report no longer counts as reported spending.
    assert dashboard(onac)["national-share"][0] == figures.percent(Decimal("100.0"))

    # The due date moved before the first submission: it is late now.
    set_due_date(period, date(2009, 4, 2), by=analyst)
    assert dashboard(onac)["on-time"] == on_time(0)
    assert asp_compliance(onac)[:3] == [str(asp_owed), "0", "2"]

    # An activity's timeline corrected so that it falls due within the next quarter.
    spare = PlanNode.objects.filter(level=Level.ACTIVITY, due_end__gt=date(2009, 7, 1)).exclude(
        pk__in=[o.node_id for o in asp]
    )[0]
    before = dashboard(onac)["at-risk"]
    set_node_timeline(
        spare,
        due_start=None,
        due_end=date(2009, 5, 1),
        recurrence="",
        version=spare.version,
        by=analyst,
    )
    after = dashboard(onac)["at-risk"]
    assert int(after[0]) == int(before[0]) + 1

    # A resource plan line: the year's planned amount on the resources page.
    def asp_resources() -> list[str]:
        query = {"plan": "nap-2008-2010", "year": 2009}
        body = onac.get(reverse("resources:summary"), query).content.decode()
        row = body.split('<th scope="row">ASP</th>')[1].split("</tr>")[0]
        return [cell.split("<")[0] for cell in row.split('<td class="num">')[1:3]]

    assert asp_resources() == ["0.00", "600.00"]
    plan_resources(
        year=2009,
        organisation=asp[0].organisation,
        node=asp[0].node,
        funding_source="state",
        amount=Decimal(5000),
        currency="ALL",
        by=focal,
    )
    assert asp_resources() == ["5,000.00", "600.00"]

    # An indicator value and a remedial action: their pages compute on each view (nothing
    # of theirs is stored), and show the write at once.
    indicator = Indicator.objects.filter(computation="", unit="percent").first()
    set_value(indicator, period, Decimal("42.5"), by=analyst)
    detail = onac.get(reverse("indicators:detail", args=[indicator.pk])).content.decode()
    assert "42.5" in detail
    open_action(
        asp[0].node,
        description="Synthetic remedial action.",
        owner=asp[0].organisation,
        due_date=date(2009, 9, 30),
        by=analyst,
    )
    overview = onac.get(reverse("evaluation:overview")).content.decode()
    assert "Synthetic remedial action." in overview

    # A case's victim status decided: one more identified victim in the quarter.
    assert dashboard(onac)["victims"][0] == "9"
    case = Case.objects.filter(status="presumed", identified_on=Q1).first()
    cases.decide_status(
        case,
        by=persona("social_tirana"),
        version=case.version,
        status="identified",
        decided_on=Q1,
        criteria="Synthetic criteria.",
    )
    assert dashboard(onac)["victims"][0] == "10"


def test_a_restore_renews_every_stored_figure(client_for, persona, world):
    onac = client_for("onac")
    assert dashboard(onac)["to-review"][0] == "0"
    report = submit(world["asp"][0], persona("focal_asp"), "on_track", APRIL)
    assert dashboard(onac)["to-review"][0] == "1"
    # Written behind the services' back (as a restored database would be): not seen yet...
    ProgressReport.objects.filter(pk=report.pk).update(status="draft")
    assert dashboard(onac)["to-review"][0] == "1"
    # ...until the restore's entry renews every generation.
    with transaction.atomic():
        audit.record("backup.restored", changes={"replaced": True})
    assert dashboard(onac)["to-review"][0] == "0"
