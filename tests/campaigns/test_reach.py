"""Reach reports: the lead organisation writes a quarter's draft and submits it; ONAC returns
it with a comment; the lead corrects and submits again. Versions are checked throughout."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.audit.models import AuditEntry
from lidhja.campaigns.domain import services
from lidhja.campaigns.models import ReachReport
from lidhja.monitoring.models import ReportingPeriod
from tests.campaigns.helpers import make_campaign, reach_values


@pytest.fixture
def campaign(persona):
    return make_campaign(persona("onac"))  # led by ASP, all of 2009


@pytest.mark.django_db
def test_the_quarters_of_a_campaign_stop_at_today(campaign):
    assert services.quarters(campaign) == ["2009Q1", "2009Q2", "2009Q3", "2009Q4"]
    assert services.quarters(campaign, today=date(2009, 4, 1)) == ["2009Q1", "2009Q2"]


@pytest.mark.django_db
def test_draft_submit_return_and_resubmit(campaign, persona):
    focal, onac = persona("focal_asp"), persona("onac")
    draft = services.save_reach(campaign, "2009Q3", reach_values(), version=None, by=focal)
    assert (draft.status, draft.version, draft.period.code) == ("draft", 1, "2009Q3")
    assert ReportingPeriod.objects.filter(code="2009Q3").exists()  # made for the report
    draft = services.save_reach(
        campaign, "2009Q3", reach_values(people_reached=1200), version=1, by=focal
    )
    assert (draft.people_reached, draft.version) == (1200, 2)
    sent = services.submit_reach(draft, version=2, by=focal)
    assert (sent.status, sent.version, sent.submitted_at is not None) == ("submitted", 3, True)
    with pytest.raises(ValidationError):  # a submitted report is closed to its author
        services.save_reach(campaign, "2009Q3", reach_values(), version=3, by=focal)
    back = services.return_reach(sent, "Figures of Q2 counted twice", version=3, by=onac)
    assert (back.status, back.return_comment, back.version) == (
        "returned",
        "Figures of Q2 counted twice",
        4,
    )
    fixed = services.save_reach(
        campaign, "2009Q3", reach_values(people_reached=700), version=4, by=focal
    )
    again = services.submit_reach(fixed, version=fixed.version, by=focal)
    assert (again.status, again.people_reached) == ("submitted", 700)
    actions = list(
        AuditEntry.objects.filter(action__startswith="campaigns.reach").values_list(
            "action", "changes"
        )
    )
    everything = [
        "people_reached",
        "broadcasts",
        "materials_distributed",
        "events_held",
        "comment",
    ]
    assert actions == [
        ("campaigns.reach_saved", {"changed": everything}),
        ("campaigns.reach_saved", {"changed": ["people_reached"]}),
        ("campaigns.reach_submitted", {"status": ["draft", "submitted"]}),
        ("campaigns.reach_returned", {"status": ["submitted", "returned"]}),
        ("campaigns.reach_saved", {"changed": ["people_reached"]}),
        ("campaigns.reach_submitted", {"status": ["returned", "submitted"]}),
    ]
    entries = AuditEntry.objects.filter(action__startswith="campaigns.reach")
    assert not any("counted twice" in f"{e.changes}{e.reason}" for e in entries)
    assert not any("Private remark" in f"{e.changes}{e.reason}" for e in entries)


@pytest.mark.django_db
def test_stale_versions_answer_conflict(campaign, persona):
    focal, onac = persona("focal_asp"), persona("onac")
    draft = services.save_reach(campaign, "2009Q1", reach_values(), version=None, by=focal)
    with pytest.raises(StaleObject):  # a second "first draft"
        services.save_reach(campaign, "2009Q1", reach_values(), version=None, by=focal)
    with pytest.raises(StaleObject):
        services.save_reach(campaign, "2009Q1", reach_values(), version=7, by=focal)
    with pytest.raises(StaleObject):
        services.submit_reach(draft, version=0, by=focal)
    sent = services.submit_reach(draft, version=1, by=focal)
    with pytest.raises(StaleObject):
        services.return_reach(sent, "why", version=1, by=onac)
    sent.refresh_from_db()
    assert (sent.status, sent.version) == ("submitted", 2)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["focal_moi", "observer", "rcat", "sysadmin"])
def test_only_the_lead_organisation_reports(campaign, persona, who):
    with pytest.raises(PermissionDenied):
        services.save_reach(campaign, "2009Q1", reach_values(), version=None, by=persona(who))
    assert not ReachReport.objects.exists()


@pytest.mark.django_db
def test_onac_reports_for_campaigns_onac_leads_but_not_for_others(campaign, persona):
    with pytest.raises(PermissionDenied):
        services.save_reach(campaign, "2009Q1", reach_values(), version=None, by=persona("onac"))
    own = make_campaign(persona("onac"), code="AC-ONAC", lead="ONAC")
    report = services.save_reach(own, "2009Q1", reach_values(), version=None, by=persona("onac"))
    assert report.status == "draft"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["focal_asp", "focal_moi", "observer"])
def test_only_onac_returns(campaign, persona, who):
    focal = persona("focal_asp")
    draft = services.save_reach(campaign, "2009Q1", reach_values(), version=None, by=focal)
    sent = services.submit_reach(draft, version=1, by=focal)
    with pytest.raises(PermissionDenied):
        services.return_reach(sent, "no", version=2, by=persona(who))
    sent.refresh_from_db()
    assert sent.status == "submitted"


@pytest.mark.django_db
def test_a_return_needs_a_comment_and_a_submitted_report(campaign, persona):
    focal, onac = persona("focal_asp"), persona("onac")
    draft = services.save_reach(campaign, "2009Q1", reach_values(), version=None, by=focal)
    with pytest.raises(ValidationError) as caught:
        services.return_reach(draft, "why", version=1, by=onac)
    assert list(caught.value.message_dict) == ["status"]
    sent = services.submit_reach(draft, version=1, by=focal)
    with pytest.raises(ValidationError) as caught:
        services.return_reach(sent, "   ", version=2, by=onac)
    assert list(caught.value.message_dict) == ["comment"]


@pytest.mark.django_db
def test_no_reach_outside_the_campaign_or_for_a_planned_one(campaign, persona):
    focal = persona("focal_asp")
    with pytest.raises(ValidationError) as caught:
        services.save_reach(campaign, "2010Q1", reach_values(), version=None, by=focal)
    assert list(caught.value.message_dict) == ["period"]
    planned = make_campaign(persona("onac"), code="AC-PLANNED", status="planned")
    with pytest.raises(ValidationError):
        services.save_reach(planned, "2009Q1", reach_values(), version=None, by=focal)
    assert not ReachReport.objects.exists()


@pytest.mark.django_db
def test_reach_pages_write_submit_and_return(campaign, client_for):
    url = reverse("campaigns:reach", args=[campaign.code, "2009Q2"])
    form = {**reach_values(), "version": "", "submit": "on"}
    focal = client_for("focal_asp")
    assert focal.post(url, form).status_code == 302
    assert "Reach report submitted to ONAC." in focal.get(url).content.decode()
    report = ReachReport.objects.get()
    assert (report.status, report.version) == ("submitted", 2)
    assert focal.post(url, {**form, "version": 2}).status_code == 409  # closed once submitted
    onac = client_for("onac")
    page = onac.get(url)
    assert b"Return to the lead organisation" in page.content
    back = reverse("campaigns:return_reach", args=[campaign.code, "2009Q2"])
    assert onac.post(back, {"version": 2, "comment": "Check the total"}).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.return_comment) == ("returned", "Check the total")
    focal = client_for("focal_asp")  # one test client: sign the focal point in again
    stale = focal.post(url, {**form, "version": 2})
    assert stale.status_code == 409
    assert b"changed by someone else" in stale.content
    bad = focal.post(url, {**form, "version": 3, "people_reached": "-5"})
    assert bad.status_code == 400
    report.refresh_from_db()
    assert (report.status, report.people_reached) == ("returned", 1000)


@pytest.mark.django_db
def test_reach_api_write_submit_and_return(campaign, client_for):
    focal = client_for("focal_asp")
    url = reverse("campaigns-api:reach", args=[campaign.code, "2009Q4"])
    body = {**reach_values(), "version": None}
    saved = focal.put(url, body, content_type="application/json")
    assert saved.status_code == 200
    assert saved.json()["status"] == "draft"
    stale = focal.put(url, {**body, "version": 5}, content_type="application/json")
    assert stale.status_code == 409
    submit = reverse("campaigns-api:reach_submit", args=[campaign.code, "2009Q4"])
    sent = focal.post(submit, {"version": 1}, content_type="application/json")
    assert (sent.status_code, sent.json()["status"]) == (200, "submitted")
    back = reverse("campaigns-api:reach_return", args=[campaign.code, "2009Q4"])
    refused = focal.post(back, {"version": 2, "comment": "x"}, content_type="application/json")
    assert refused.status_code == 403
    onac = client_for("onac")
    returned = onac.post(back, {"version": 2, "comment": "x"}, content_type="application/json")
    assert (returned.status_code, returned.json()["status"]) == (200, "returned")
    outside = reverse("campaigns-api:reach", args=[campaign.code, "2010Q1"])
    focal = client_for("focal_asp")
    assert focal.put(outside, body, content_type="application/json").status_code == 404


@pytest.mark.django_db
def test_a_planned_campaign_offers_no_reach_form(client_for, persona):
    planned = make_campaign(persona("onac"), code="AC-PLANNED", status="planned")
    url = reverse("campaigns:reach", args=[planned.code, "2009Q1"])
    focal = client_for("focal_asp")
    page = focal.get(url)
    assert page.status_code == 200 and b'name="people_reached"' not in page.content
    refused = focal.post(url, {**reach_values(), "version": ""})
    assert refused.status_code == 409
    assert b"The campaign did not run in this quarter." in refused.content
    assert not ReachReport.objects.exists()
