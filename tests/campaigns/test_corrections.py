"""Correcting a campaign's materials and events: edited (version, 409 when stale, audit naming
the changed fields only) or withdrawn (kept with when, by whom and why; no longer listed as
current nor counted), on the services, the pages and the API's flags."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from lidhja.accounts.domain.errors import DomainError, PermissionDenied, StaleObject
from lidhja.audit.models import AuditEntry
from lidhja.campaigns.domain import queries, services
from lidhja.campaigns.models import CampaignEvent, Material
from lidhja.core.files import private_path
from lidhja.indicators.domain.computations import REGISTRY
from lidhja.monitoring.domain.periods import ensure_period
from tests.campaigns.helpers import PDF, PNG, make_campaign, submitted

MATERIAL = {"kind": "leaflet", "title": "Leaflet", "language": "sq", "quantity": 1000}


def _event(held_on=date(2009, 2, 10), participants=40, **extra):
    return {
        "held_on": held_on,
        "qark": "tirane",
        "place": "School 1",
        "kind": "school_session",
        "participants": participants,
        **extra,
    }


@pytest.fixture
def campaign(persona, seed_plan):
    onac = persona("onac")
    campaign = make_campaign(onac)  # led by ASP, 2009
    services.add_material(campaign, MATERIAL, by=onac, upload=("leaflet.pdf", PDF))
    services.add_material(campaign, {**MATERIAL, "title": "Poster", "quantity": 200}, by=onac)
    services.add_event(campaign, _event(), by=onac)
    services.add_event(campaign, _event(date(2009, 3, 1), 60), by=onac)
    services.add_event(campaign, _event(date(2009, 5, 5), 25), by=onac)
    return campaign


def _table(campaign):
    campaign = queries.campaign_detail_queryset().get(pk=campaign.pk)
    table = queries.reach_table(campaign, services.quarters(campaign))
    rows = {row.quarter: (row.recorded_events, row.recorded_participants) for row in table.rows}
    totals = {k: table.totals[k] for k in ("recorded_events", "recorded_participants")}
    return rows, totals, table.totals["materials_produced"]


def _audit(action):
    return list(AuditEntry.objects.filter(action=action).values_list("changes", flat=True))


@pytest.mark.django_db
def test_editing_a_material_names_the_changed_fields_only(campaign, persona):
    material = campaign.materials.get(title="Leaflet")
    changed = services.edit_material(
        material, {**MATERIAL, "quantity": 1500, "language": "rom"}, version=1, by=persona("onac")
    )
    assert (changed.quantity, changed.language, changed.version) == (1500, "rom", 2)
    assert _audit("campaigns.material_edited") == [{"changed": ["language", "quantity"]}]
    # nothing changed: no new version, no entry
    services.edit_material(
        changed, {**MATERIAL, "quantity": 1500, "language": "rom"}, version=2, by=persona("onac")
    )
    assert Material.objects.get(pk=material.pk).version == 2
    assert len(_audit("campaigns.material_edited")) == 1


@pytest.mark.django_db
def test_replacing_a_materials_file(campaign, persona, django_capture_on_commit_callbacks):
    material = campaign.materials.get(title="Leaflet")
    old = private_path(material.file.name)
    assert old.exists()
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.edit_material(
            material, MATERIAL, version=1, by=persona("onac"), upload=("poster.png", PNG)
        )
    assert (changed.file_name, changed.file_type, changed.file_size) == (
        "poster.png",
        "image/png",
        len(PNG),
    )
    assert services.material_content(changed) == PNG
    assert not old.exists()
    [entry] = _audit("campaigns.material_edited")
    assert entry["changed"] == ["file"] and len(entry["sha256"]) == 64


@pytest.mark.django_db
def test_a_stale_version_a_refused_role_and_bad_input_change_nothing(campaign, persona):
    material = campaign.materials.get(title="Leaflet")
    event = campaign.events.get(participants=40)
    with pytest.raises(StaleObject):
        services.edit_material(material, {**MATERIAL, "quantity": 1}, version=7, by=persona("onac"))
    with pytest.raises(StaleObject):
        services.withdraw_event(event, "wrong", version=2, by=persona("onac"))
    with pytest.raises(PermissionDenied):  # MoI's focal point manages MoI's campaigns only
        services.edit_event(event, _event(participants=1), version=1, by=persona("focal_moi"))
    with pytest.raises(PermissionDenied):
        services.withdraw_material(material, "wrong", version=1, by=persona("focal_moi"))
    with pytest.raises(services.ValidationError) as outside:
        services.edit_event(event, _event(held_on=date(2010, 2, 1)), version=1, by=persona("onac"))
    assert list(outside.value.message_dict) == ["held_on"]
    with pytest.raises(services.ValidationError) as blank:
        services.withdraw_event(event, "  ", version=1, by=persona("onac"))
    assert list(blank.value.message_dict) == ["reason"]
    assert [
        (m.version, m.quantity, m.withdrawn) for m in Material.objects.filter(pk=material.pk)
    ] == [(1, 1000, False)]
    assert [
        (e.version, e.held_on, e.withdrawn) for e in CampaignEvent.objects.filter(pk=event.pk)
    ] == [(1, date(2009, 2, 10), False)]
    assert (
        AuditEntry.objects.filter(
            action__startswith="campaigns.", action__contains="_edited"
        ).count()
        == 0
    )
    assert AuditEntry.objects.filter(action__endswith="_withdrawn").count() == 0


@pytest.mark.django_db
def test_withdrawn_events_and_materials_are_no_longer_counted(campaign, persona):
    focal = persona("focal_asp")
    assert _table(campaign) == (
        {"2009Q1": (2, 100), "2009Q2": (1, 25), "2009Q3": (0, 0), "2009Q4": (0, 0)},
        {"recorded_events": 3, "recorded_participants": 125},
        1200,
    )
    event = campaign.events.get(participants=60)
    withdrawn = services.withdraw_event(event, "Counted twice", version=1, by=focal)
    assert (withdrawn.withdrawn, withdrawn.withdrawn_by, withdrawn.withdrawal_reason) == (
        True,
        focal,
        "Counted twice",
    )
    poster = campaign.materials.get(title="Poster")
    services.withdraw_material(poster, "Never printed", version=1, by=focal)
    assert _table(campaign) == (
        {"2009Q1": (1, 40), "2009Q2": (1, 25), "2009Q3": (0, 0), "2009Q4": (0, 0)},
        {"recorded_events": 2, "recorded_participants": 65},
        1000,
    )
    assert _audit("campaigns.event_withdrawn") == [
        {"changed": ["withdrawn_at", "withdrawn_by", "withdrawal_reason"]}
    ]
    # kept for the record, and no longer changeable
    assert CampaignEvent.objects.filter(campaign=campaign).count() == 3
    with pytest.raises(DomainError):
        services.edit_event(withdrawn, _event(), version=withdrawn.version, by=focal)
    with pytest.raises(DomainError):
        services.withdraw_event(withdrawn, "again", version=withdrawn.version, by=focal)


@pytest.mark.django_db
def test_the_reported_indicators_count_submitted_reports_not_event_rows(
    campaign, persona, seed_plan
):
    """The plan's indicators take the reach the lead organisation submitted (events_held); a
    withdrawn event row leaves them exactly as they were, and shows beside them as recorded."""
    focal = persona("focal_asp")
    submitted(campaign, "2009Q1", focal, events_held=2)
    held = REGISTRY["campaigns.events_held"].function
    assert held(seed_plan, ensure_period("2009Q1")) == Decimal(2)
    services.withdraw_event(campaign.events.get(participants=60), "x", version=1, by=focal)
    assert held(seed_plan, ensure_period("2009Q1")) == Decimal(2)
    assert _table(campaign)[0]["2009Q1"] == (1, 40)


# --- pages ---------------------------------------------------------------------------------


def _post_event(event, **extra):
    return {
        "version": event.version,
        "held_on": "2009-02-11",
        "qark": "tirane",
        "place": "School 2",
        "kind": "school_session",
        "participants": "45",
        **extra,
    }


@pytest.mark.django_db
def test_correcting_an_event_on_the_page(campaign, client_for):
    client = client_for("focal_asp")
    event = campaign.events.get(participants=40)
    detail = client.get(reverse("campaigns:detail", args=[campaign.code])).content.decode()
    url = reverse("campaigns:edit_event", args=[campaign.code, event.pk])
    assert url in detail
    assert client.get(url).status_code == 200
    assert client.post(url, _post_event(event)).status_code == 302
    event.refresh_from_db()
    assert (event.place, event.participants, event.version) == ("School 2", 45, 2)
    stale = client.post(url, _post_event(event, version=1, place="Other"))
    assert stale.status_code == 409
    bad = client.post(url, _post_event(event, held_on="2011-01-01"))
    assert bad.status_code == 400
    assert "The event falls outside the campaign" in bad.content.decode()
    event.refresh_from_db()
    assert (event.place, event.version) == ("School 2", 2)


@pytest.mark.django_db
def test_correcting_a_material_with_a_new_file_on_the_page(campaign, client_for, tmp_path):
    client = client_for("onac")
    material = campaign.materials.get(title="Leaflet")
    url = reverse("campaigns:edit_material", args=[campaign.code, material.pk])
    data = {**MATERIAL, "title": "Leaflet (2nd ed.)", "version": 1}
    (tmp_path / "leaflet2.pdf").write_bytes(PDF + b" second")
    with (tmp_path / "leaflet2.pdf").open("rb") as upload:
        assert client.post(url, {**data, "file": upload}).status_code == 302
    material.refresh_from_db()
    assert (material.title, material.file_name, material.version) == (
        "Leaflet (2nd ed.)",
        "leaflet2.pdf",
        2,
    )
    assert services.material_content(material) == PDF + b" second"
    wrong = client.post(url, {**data, "version": 2, "quantity": "-1"})
    assert wrong.status_code == 400


@pytest.mark.django_db
def test_withdrawing_on_the_page(campaign, client_for):
    client = client_for("focal_asp")
    material = campaign.materials.get(title="Poster")
    url = reverse("campaigns:withdraw_material", args=[campaign.code, material.pk])
    assert client.post(url, {"version": 1, "reason": ""}).status_code == 400
    assert client.post(url, {"version": 9, "reason": "Never printed"}).status_code == 409
    assert client.post(url, {"version": 1, "reason": "Never printed"}).status_code == 302
    detail = client.get(reverse("campaigns:detail", args=[campaign.code])).content.decode()
    current, withdrawn = detail.split("Withdrawn materials")
    assert "Poster" not in current.split('id="materials-heading"')[1]
    assert "Never printed" in withdrawn
    again = client.get(reverse("campaigns:edit_material", args=[campaign.code, material.pk]))
    assert again.status_code == 200 and "Withdrawn on" in again.content.decode()
    assert 'name="reason"' not in again.content.decode()
    refused = client.post(url, {"version": 2, "reason": "again"})
    assert refused.status_code == 409
    assert "This entry was withdrawn; it can no longer be changed." in refused.content.decode()


@pytest.mark.django_db
def test_the_api_flags_withdrawn_entries(campaign, client_for, persona):
    services.withdraw_event(
        campaign.events.get(participants=60), "x", version=1, by=persona("onac")
    )
    body = client_for("observer").get(reverse("campaigns-api:detail", args=[campaign.code])).json()
    assert sorted((e["participants"], e["withdrawn"], e["version"]) for e in body["events"]) == [
        (25, False, 1),
        (40, False, 1),
        (60, True, 2),
    ]
    assert {m["title"]: m["withdrawn"] for m in body["materials"]} == {
        "Leaflet": False,
        "Poster": False,
    }
