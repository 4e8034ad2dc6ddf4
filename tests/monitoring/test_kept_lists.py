"""The lists ONAC reads (a period's obligations, its compliance, the indicators) are kept
until the next write to their data (lidhja.core.fragments): the view right after a write shows
it, and a focal point never gets ONAC's list."""

import pytest
from django.urls import reverse

from lidhja.monitoring.domain import services
from lidhja.monitoring.models import Obligation
from lidhja.plans.domain.services import translate_node

GOOD = {"implementation_status": "on_track", "narrative": "Done as planned."}


def _first_asp():
    return (
        Obligation.objects.filter(period__code="2009Q1", organisation__code="ASP")
        .order_by("node__position")
        .first()
    )


@pytest.mark.django_db
def test_a_write_shows_at_once_in_the_kept_lists(client_for, persona):
    onac = client_for("onac")
    obligations = reverse("monitoring:obligations", args=["2009Q1"])
    compliance = reverse("monitoring:compliance", args=["2009Q1"])
    asp = {"organisation": "ASP", "group": "organisation"}
    first = _first_asp()
    before = onac.get(obligations, asp).context["listing"]
    assert onac.get(obligations, asp).context["listing"] == before  # kept: the same list again
    figures_before = onac.get(compliance).context["listing"]
    report = services.save_report(first, GOOD, version=None, by=persona("focal_asp"))
    services.transition(report, "submit", version=report.version, by=persona("focal_asp"))
    after = onac.get(obligations, asp).context["listing"]
    assert after != before and "status-submitted" in after
    assert onac.get(compliance).context["listing"] != figures_before  # one more submitted


@pytest.mark.django_db
def test_a_focal_point_gets_their_own_list_not_onacs(client_for):
    url = reverse("monitoring:obligations", args=["2009Q1"])
    onac_count = client_for("onac").get(url).context["list_count"]
    focal = client_for("focal_asp").get(url)
    assert 0 < focal.context["list_count"] < onac_count
    assert "MOI" not in {
        o.organisation.code for o in focal.context["page"].object_list
    }  # made for the focal point, not read from ONAC's


@pytest.mark.django_db
def test_a_translation_shows_at_once_in_the_kept_list(client_for, persona):
    onac = client_for("onac")
    url = reverse("monitoring:obligations", args=["2009Q1"])
    node = _first_asp().node
    onac.cookies["lidhja_language"] = "sq"
    assert "Teksti shqip i provës" not in onac.get(url, {"organisation": "ASP"}).content.decode()
    translate_node(
        node, values={"text_sq": "Teksti shqip i provës"}, version=node.version, by=persona("onac")
    )
    assert "Teksti shqip i provës" in onac.get(url, {"organisation": "ASP"}).content.decode()


@pytest.mark.django_db
def test_the_kept_periods_table_shows_a_new_due_date_and_a_new_period(client_for, persona):
    from datetime import date

    from lidhja.monitoring.domain.periods import set_due_date
    from lidhja.monitoring.models import ReportingPeriod

    onac = client_for("onac")
    url = reverse("monitoring:periods")
    before = onac.get(url).context["table"]
    assert "2009Q2" not in before and "15 Sep 2009" not in before
    assert onac.get(url).context["table"] == before  # kept
    set_due_date(ReportingPeriod.objects.get(code="2009Q1"), date(2009, 9, 15), by=persona("onac"))
    assert "15 Sep 2009" in onac.get(url).context["table"]
    opened = onac.post(url, {"period": "2009Q2", "plan": "nap-2008-2010"})
    assert opened.status_code == 302
    assert "2009Q2" in onac.get(url).context["table"]
    focal = client_for("focal_asp").get(url).content.decode()
    assert "2009Q2" in focal and 'id="open-heading"' not in focal  # their own table, no form
