"""Campaigns as a permission matrix: every campaign page and endpoint × every persona, with the
exact status, on a campaign led by ASP (whose focal point is `focal_asp`). An allowed post of
an empty form is refused for its content (400), never for the role; everyone else gets 403
and nothing changes. `url_names()` feeds tests/web/test_matrix_complete.py."""

from datetime import date

import pytest
from django.urls import resolve, reverse

from lidhja.audit.models import AuditEntry
from lidhja.campaigns.domain import services
from lidhja.campaigns.models import Campaign, CampaignEvent, Material, ReachReport
from tests.campaigns.helpers import PDF, make_campaign, reach_values, submitted
from tests.conftest import PERSONAS

ALL = set(PERSONAS)
MANAGERS_ANY = {"onac", "focal_asp", "focal_moi"}  # may create campaigns (of some lead)
MANAGERS_ASP = {"onac", "focal_asp"}  # may change the ASP campaign
REPORTER_ASP = {"focal_asp"}
REVIEWERS = {"onac"}
CODE = "AC-MATRIX"


def _pages(pk: int = 1, event_pk: int = 1):
    """(name, url, who may GET it)."""
    return [
        ("edit-material", reverse("campaigns:edit_material", args=[CODE, pk]), MANAGERS_ASP),
        ("edit-event", reverse("campaigns:edit_event", args=[CODE, event_pk]), MANAGERS_ASP),
        ("list", reverse("campaigns:list"), ALL),
        ("list-filtered", reverse("campaigns:list") + "?status=running&qark=tirane", ALL),
        ("new", reverse("campaigns:new"), MANAGERS_ANY),
        ("overview", reverse("campaigns:overview") + "?period=2009Q1", REVIEWERS),
        ("detail", reverse("campaigns:detail", args=[CODE]), ALL),
        ("edit", reverse("campaigns:edit", args=[CODE]), MANAGERS_ASP),
        ("material-file", reverse("campaigns:material_file", args=[CODE, pk]), ALL),
        ("reach", reverse("campaigns:reach", args=[CODE, "2009Q1"]), ALL),
        ("api-list", reverse("campaigns-api:list"), ALL),
        ("api-detail", reverse("campaigns-api:detail", args=[CODE]), ALL),
        ("api-reach", reverse("campaigns-api:reach", args=[CODE, "2009Q1"]), ALL),
    ]


def _posts(pk: int = 1, event_pk: int = 1):
    """(name, method, url, who may post)."""
    return [
        (
            "edit-material",
            "post",
            reverse("campaigns:edit_material", args=[CODE, pk]),
            MANAGERS_ASP,
        ),
        (
            "withdraw-material",
            "post",
            reverse("campaigns:withdraw_material", args=[CODE, pk]),
            MANAGERS_ASP,
        ),
        (
            "edit-event",
            "post",
            reverse("campaigns:edit_event", args=[CODE, event_pk]),
            MANAGERS_ASP,
        ),
        (
            "withdraw-event",
            "post",
            reverse("campaigns:withdraw_event", args=[CODE, event_pk]),
            MANAGERS_ASP,
        ),
        ("new", "post", reverse("campaigns:new"), MANAGERS_ANY),
        ("edit", "post", reverse("campaigns:edit", args=[CODE]), MANAGERS_ASP),
        ("material", "post", reverse("campaigns:add_material", args=[CODE]), MANAGERS_ASP),
        ("event", "post", reverse("campaigns:add_event", args=[CODE]), MANAGERS_ASP),
        ("reach", "post", reverse("campaigns:reach", args=[CODE, "2009Q2"]), REPORTER_ASP),
        (
            "return",
            "post",
            reverse("campaigns:return_reach", args=[CODE, "2009Q1"]),
            REVIEWERS,
        ),
        ("api-create", "post", reverse("campaigns-api:list"), MANAGERS_ANY),
        ("api-edit", "put", reverse("campaigns-api:detail", args=[CODE]), MANAGERS_ASP),
        ("api-reach", "put", reverse("campaigns-api:reach", args=[CODE, "2009Q2"]), REPORTER_ASP),
        (
            "api-submit",
            "post",
            reverse("campaigns-api:reach_submit", args=[CODE, "2009Q2"]),
            REPORTER_ASP,
        ),
        (
            "api-return",
            "post",
            reverse("campaigns-api:reach_return", args=[CODE, "2009Q1"]),
            REVIEWERS,
        ),
    ]


def url_names() -> set[str]:
    return {resolve(url.split("?")[0]).view_name for _n, url, _a in _pages()} | {
        resolve(url).view_name for _n, _m, url, _a in _posts()
    }


# A page that answers an allowed empty post otherwise than 400.
ALLOWED_EMPTY = {"return": 302}  # the reach page again, with the message to say why


@pytest.fixture
def world(persona):
    onac, focal = persona("onac"), persona("focal_asp")
    campaign = make_campaign(onac, code=CODE)
    material = services.add_material(
        campaign,
        {"kind": "leaflet", "title": "Leaflet", "language": "sq", "quantity": 10},
        by=onac,
        upload=("leaflet.pdf", PDF),
    )
    services.add_event(
        campaign,
        {
            "held_on": date(2009, 2, 1),
            "qark": "tirane",
            "place": "School",
            "kind": "school_session",
            "participants": 30,
        },
        by=onac,
    )
    submitted(campaign, "2009Q1", focal)
    services.save_reach(campaign, "2009Q2", reach_values(), version=None, by=focal)
    return material


def _event_pk() -> int:
    return CampaignEvent.objects.get().pk


def _state():
    return (
        list(Campaign.objects.values_list("code", "version")),
        list(Material.objects.order_by("pk").values_list("version", "withdrawn_at", "title")),
        list(CampaignEvent.objects.order_by("pk").values_list("version", "withdrawn_at", "place")),
        list(ReachReport.objects.order_by("pk").values_list("status", "version")),
        AuditEntry.objects.exclude(action="campaigns.material_downloaded").count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_every_campaign_page_and_endpoint_for_every_persona(client_for, world, who):
    client = client_for(who)
    pages = _pages(world.pk, _event_pk())
    got = {name: client.get(url).status_code for name, url, _a in pages}
    want = {name: 200 if who in allowed else 403 for name, _u, allowed in pages}
    assert got == want


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_every_campaign_change_for_every_persona(client_for, world, who):
    client = client_for(who)
    got, want = {}, {}
    for name, method, url, allowed in _posts(world.pk, _event_pk()):
        before = _state()
        if name.startswith("api-"):
            response = getattr(client, method)(url, {}, content_type="application/json")
        else:
            response = client.post(url, {})
        got[name] = response.status_code
        want[name] = ALLOWED_EMPTY.get(name, 400) if who in allowed else 403
        assert _state() == before, name
    assert got == want


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_or_refused(client, world):
    for _name, url, _allowed in _pages(world.pk):
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code == 403
        else:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_missing_campaigns_and_quarters_answer_404(client_for, world):
    client = client_for("onac")
    for url in [
        reverse("campaigns:detail", args=["NOPE"]),
        reverse("campaigns:reach", args=[CODE, "2011Q1"]),
        reverse("campaigns:material_file", args=[CODE, world.pk + 1000]),
        reverse("campaigns:edit_material", args=[CODE, world.pk + 1000]),
        reverse("campaigns:edit_event", args=[CODE, _event_pk() + 1000]),
        reverse("campaigns-api:detail", args=["NOPE"]),
    ]:
        assert client.get(url).status_code == 404, url
