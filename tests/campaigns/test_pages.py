"""The campaign pages and the API lists: filters in the URL, the campaign page, the forms, the
ONAC overview of who has not reported."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lidhja.campaigns.domain import queries, services
from lidhja.campaigns.models import Campaign
from tests.campaigns.helpers import make_campaign, submitted


@pytest.fixture
def three(persona):
    onac = persona("onac")
    a = make_campaign(onac, code="AC-A")  # ASP, tirane+shkoder, children+public, running
    b = make_campaign(
        onac,
        code="AC-B",
        lead="ONAC",
        qarks=["vlore"],
        target_groups=["roma_egyptian"],
        status="ended",
    )
    c = make_campaign(onac, code="AC-C", lead="MOLSAEO", qarks=[], target_groups=["women"])
    return a, b, c


def _codes(filters):
    return [c.code for c in queries.campaign_list(filters)]


@pytest.mark.django_db
def test_filters(three):
    assert _codes({}) == ["AC-A", "AC-B", "AC-C"]
    assert _codes({"qark": "tirane"}) == ["AC-A"]
    assert _codes({"qark": "vlore"}) == ["AC-B"]
    assert _codes({"target_group": "women"}) == ["AC-C"]
    assert _codes({"status": "ended"}) == ["AC-B"]
    assert _codes({"lead": "MOLSAEO"}) == ["AC-C"]
    assert _codes({"qark": "tirane", "status": "ended"}) == []


@pytest.mark.django_db
def test_list_page_and_api_filter_alike(three, client_for):
    client = client_for("observer")
    page = client.get(reverse("campaigns:list") + "?target_group=roma_egyptian")
    assert b"AC-B" in page.content and b"AC-A" not in page.content
    partial = client.get(reverse("campaigns:list") + "?lead=ASP", HTTP_HX_REQUEST="true")
    assert b"<h1>" not in partial.content and b"AC-A" in partial.content
    api = client.get(reverse("campaigns-api:list") + "?qark=shkoder").json()
    assert [row["code"] for row in api["results"]] == ["AC-A"]
    assert api["results"][0]["qarks"] == ["shkoder", "tirane"]
    assert api["results"][0]["lead"] == "ASP"


@pytest.mark.django_db
def test_the_list_reads_a_fixed_number_of_queries(three, client_for, persona):
    client = client_for("observer")
    client.get(reverse("campaigns:list"))  # the first request after signing in reads more
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("campaigns:list"))
    for n in range(4):
        make_campaign(persona("onac"), code=f"AC-X{n}")
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("campaigns:list"))
    assert len(more) == len(few)


@pytest.mark.django_db
def test_the_campaign_page_shows_everything(three, client_for, persona):
    a = three[0]
    services.add_event(
        a,
        {
            "held_on": date(2009, 5, 5),
            "qark": "shkoder",
            "place": "Shkodër youth centre",
            "kind": "community_meeting",
            "participants": 80,
        },
        by=persona("onac"),
    )
    submitted(a, "2009Q1", persona("focal_asp"), people_reached=400)
    submitted(a, "2009Q2", persona("focal_asp"), people_reached=600)
    content = client_for("rcat").get(reverse("campaigns:detail", args=["AC-A"])).content.decode()
    assert "Shkodër youth centre" in content
    assert "Prevention 1.(a).1" in content
    assert ">1,000<" in content  # total people reached of the submitted quarters, grouped
    assert "2009Q3" in content and "Not reported" in content


@pytest.mark.django_db
def test_creating_and_editing_on_the_pages(client_for, seed_plan):
    form = {
        "code": "AC-PAGE",
        "title": "Page campaign",
        "title_sq": "",
        "lead": "ASP",
        "target_groups": ["parents"],
        "qarks": ["tirane"],
        "channels": ["radio"],
        "starts_on": "2009-02-01",
        "ends_on": "2009-08-31",
        "status": "planned",
    }
    focal = client_for("focal_asp")
    refused = focal.post(reverse("campaigns:new"), {**form, "lead": "MOI"})
    assert refused.status_code == 400
    assert b'id="id_lead_error"' in refused.content
    assert focal.post(reverse("campaigns:new"), form).status_code == 302
    campaign = Campaign.objects.get(code="AC-PAGE")
    assert (campaign.lead.code, campaign.target_groups) == ("ASP", ["parents"])
    edit = reverse("campaigns:edit", args=["AC-PAGE"])
    changed = {**form, "status": "running", "version": 1}
    assert focal.post(edit, changed).status_code == 302
    stale = focal.post(edit, {**changed, "title": "Again"})
    assert stale.status_code == 409
    campaign.refresh_from_db()
    assert (campaign.status, campaign.version, campaign.title) == ("running", 2, "Page campaign")
    backwards = focal.post(edit, {**changed, "version": 2, "ends_on": "2008-01-01"})
    assert backwards.status_code == 400
    assert b'id="id_ends_on_error"' in backwards.content


@pytest.mark.django_db
def test_the_overview_names_the_leads_that_have_not_reported(three, client_for, persona):
    submitted(three[1], "2009Q2", persona("onac"))  # ONAC reported; ASP and MOLSAEO did not
    rows = queries.reach_overview("2009Q2")
    assert [(r.campaign.code, r.missing) for r in rows] == [
        ("AC-A", True),
        ("AC-C", True),
        ("AC-B", False),
    ]
    assert [o.code for o in queries.leads_not_reported(rows)] == ["ASP", "MOLSAEO"]
    page = client_for("onac").get(reverse("campaigns:overview") + "?period=2009Q2")
    assert page.status_code == 200
    missing = page.content.decode().split('id="missing-heading"')[1].split("</ul>")[0]
    assert "ASP" in missing and "MoLSAEO" in missing and "ONAC" not in missing


@pytest.mark.django_db
def test_the_api_creates_and_changes_a_campaign(client_for, seed_plan):
    body = {
        "code": "AC-API",
        "title": "API campaign",
        "lead": "ONAC",
        "partners": ["IOM"],
        "target_groups": ["general_public"],
        "channels": ["tv"],
        "starts_on": "2009-01-01",
        "ends_on": "2009-03-31",
        "status": "running",
    }
    client = client_for("onac")
    created = client.post(reverse("campaigns-api:list"), body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["version"] == 1
    url = reverse("campaigns-api:detail", args=["AC-API"])
    changed = client.put(url, {**body, "version": 1, "title": "Renamed"}, "application/json")
    assert (changed.status_code, changed.json()["version"]) == (200, 2)
    stale = client.put(url, {**body, "version": 1, "title": "Again"}, "application/json")
    assert stale.status_code == 409
    bad = client.post(
        reverse("campaigns-api:list"),
        {**body, "code": "AC-API-2", "channels": ["pigeons"]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "channels" in bad.json()
    detail = client.get(url).json()
    assert (detail["title"], detail["materials"], detail["reach"]) == ("Renamed", [], [])


@pytest.mark.django_db
def test_the_pages_speak_albanian(three, client_for, persona):
    submitted(three[0], "2009Q1", persona("focal_asp"))
    client = client_for("onac")
    pages = {
        "list": reverse("campaigns:list"),
        "detail": reverse("campaigns:detail", args=["AC-A"]),
        "reach": reverse("campaigns:reach", args=["AC-A", "2009Q1"]),
        "overview": reverse("campaigns:overview") + "?period=2009Q1",
        "new": reverse("campaigns:new"),
    }
    words = {
        "list": "Fushatat e ndërgjegjësimit",
        "detail": "Fushatë prove",  # the Albanian title
        "reach": "Ktheja organizatës drejtuese",
        "overview": "Organizatat drejtuese që nuk kanë raportuar",
        "new": "Grupet e synuara",
    }
    for name, url in pages.items():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="sq")
        assert response.status_code == 200, name
        assert words[name] in response.content.decode(), name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"lead": "\x00ONAC"}, "lead"),
        ({"status": "paused"}, "status"),
        ({"qark": "atlantis"}, "qark"),
        ({"target_group": "\x00"}, "target_group"),
    ],
)
def test_a_filter_the_api_does_not_take_answers_400_naming_it(client_for, params, field):
    response = client_for("onac").get(reverse("campaigns-api:list"), params)
    assert response.status_code == 400
    assert list(response.json()) == [field]
