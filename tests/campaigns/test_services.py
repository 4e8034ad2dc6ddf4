"""The campaign services: who may create and change a campaign, its materials and events; the
version check; and audit entries that name fields, never what was typed."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.audit.models import AuditEntry
from lidhja.campaigns.domain import services
from lidhja.campaigns.models import Campaign, CampaignEvent, Material
from lidhja.organisations.models import Organisation
from tests.campaigns.helpers import activity, make_campaign, values


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("seq"))


@pytest.mark.django_db
def test_onac_creates_a_campaign_for_any_lead(persona):
    campaign = make_campaign(persona("onac"), lead="MOLSAEO", qarks=["tirane", "berat"])
    campaign.refresh_from_db()
    assert (campaign.lead.code, campaign.version, campaign.status) == ("MOLSAEO", 1, "running")
    assert campaign.qarks == ["berat", "tirane"]  # stored sorted
    assert [o.code for o in campaign.partners.all()] == ["IOM"]
    assert [n.code for n in campaign.activities.all()] == ["1.(a).1"]
    [entry] = _entries("campaigns.created")
    assert entry.changes == {"lead": "MOLSAEO", "status": "running"}
    assert entry.actor.username == "onac.analyst"


@pytest.mark.django_db
def test_a_focal_point_creates_campaigns_of_its_own_organisation_only(persona):
    make_campaign(persona("focal_asp"))
    with pytest.raises(PermissionDenied):
        make_campaign(persona("focal_asp"), code="AC-TEST-2", lead="MOI")
    assert list(Campaign.objects.values_list("code", flat=True)) == ["AC-TEST-1"]
    assert len(_entries("campaigns.created")) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["observer", "ra", "rcat", "helpline", "secretary", "sysadmin"])
def test_other_roles_cannot_create_campaigns(persona, who):
    with pytest.raises(PermissionDenied):
        make_campaign(persona(who))
    assert not Campaign.objects.exists()
    assert _entries("campaigns.created") == []


@pytest.mark.django_db
def test_bad_values_are_refused_by_field_and_nothing_is_written(persona):
    bad = values(
        target_groups=["aliens"],
        channels=[],
        qarks=["atlantis"],
        activities=[activity("1.(a)")],  # an objective, not an activity
        starts_on=date(2009, 6, 1),
        ends_on=date(2009, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        services.create_campaign(bad, by=persona("onac"))
    assert sorted(caught.value.message_dict) == [
        "activities",
        "channels",
        "ends_on",
        "qarks",
        "target_groups",
    ]
    assert not Campaign.objects.exists()
    assert _entries("campaigns.created") == []


@pytest.mark.django_db
def test_a_taken_code_is_refused_on_the_code(persona):
    make_campaign(persona("onac"))
    with pytest.raises(ValidationError) as caught:
        make_campaign(persona("onac"), title="Other")
    assert list(caught.value.message_dict) == ["code"]
    assert Campaign.objects.count() == 1


@pytest.mark.django_db
def test_editing_bumps_the_version_and_audits_the_field_names(persona):
    campaign = make_campaign(persona("focal_asp"))
    changed = services.edit_campaign(
        campaign,
        values(title="Secret new title", channels=["radio"], partners=[]),
        version=1,
        by=persona("focal_asp"),
    )
    assert (changed.version, changed.title, changed.channels) == (2, "Secret new title", ["radio"])
    assert list(changed.partners.all()) == []
    [entry] = _entries("campaigns.edited")
    assert entry.changes == {"changed": ["title", "channels", "partners"]}
    assert "Secret" not in str(entry.changes) and "Secret" not in entry.reason


@pytest.mark.django_db
def test_an_edit_that_changes_nothing_keeps_the_version_and_writes_no_entry(persona):
    campaign = make_campaign(persona("onac"))
    same = services.edit_campaign(campaign, values(), version=1, by=persona("onac"))
    assert same.version == 1
    assert _entries("campaigns.edited") == []


@pytest.mark.django_db
def test_a_stale_version_answers_conflict_and_changes_nothing(persona):
    campaign = make_campaign(persona("onac"))
    services.edit_campaign(campaign, values(title="First"), version=1, by=persona("onac"))
    with pytest.raises(StaleObject):
        services.edit_campaign(campaign, values(title="Second"), version=1, by=persona("onac"))
    campaign.refresh_from_db()
    assert (campaign.title, campaign.version) == ("First", 2)
    assert len(_entries("campaigns.edited")) == 1


@pytest.mark.django_db
def test_edit_permission_follows_the_lead_before_and_after(persona):
    campaign = make_campaign(persona("onac"))  # led by ASP
    with pytest.raises(PermissionDenied):
        services.edit_campaign(campaign, values(title="x"), version=1, by=persona("focal_moi"))
    with pytest.raises(PermissionDenied):  # ASP's focal point may not hand it to MOI
        services.edit_campaign(campaign, values(lead="MOI"), version=1, by=persona("focal_asp"))
    campaign.refresh_from_db()
    assert (campaign.lead.code, campaign.title, campaign.version) == ("ASP", "Test campaign", 1)
    moved = services.edit_campaign(campaign, values(lead="MOI"), version=1, by=persona("onac"))
    assert moved.lead == Organisation.objects.get(code="MOI")


@pytest.mark.django_db
def test_events_fall_within_the_campaign_and_are_audited(persona):
    campaign = make_campaign(persona("focal_asp"))
    event = {
        "held_on": date(2009, 3, 2),
        "qark": "tirane",
        "place": "School no. 5",
        "kind": "school_session",
        "participants": 120,
    }
    recorded = services.add_event(campaign, event, by=persona("focal_asp"))
    assert (recorded.participants, recorded.added_by.username) == (120, "asp.focal")
    [entry] = _entries("campaigns.event_added")
    assert entry.changes == {"held_on": "2009-03-02", "qark": "tirane", "participants": 120}
    with pytest.raises(ValidationError) as caught:
        services.add_event(campaign, {**event, "held_on": date(2010, 2, 1)}, by=persona("onac"))
    assert list(caught.value.message_dict) == ["held_on"]
    with pytest.raises(PermissionDenied):
        services.add_event(campaign, event, by=persona("focal_moi"))
    assert CampaignEvent.objects.count() == 1


@pytest.mark.django_db
def test_material_without_a_file(persona):
    campaign = make_campaign(persona("onac"))
    material = services.add_material(
        campaign,
        {"kind": "poster", "title": "Poster", "language": "rom", "quantity": 500},
        by=persona("onac"),
    )
    assert (material.file.name, material.quantity) == ("", 500)
    [entry] = _entries("campaigns.material_added")
    assert entry.changes == {"kind": "poster", "quantity": 500}
    with pytest.raises(PermissionDenied):
        services.add_material(
            campaign,
            {"kind": "poster", "title": "P", "language": "sq", "quantity": 1},
            by=persona("focal_moi"),
        )
    assert Material.objects.count() == 1


@pytest.mark.django_db
def test_a_code_that_cannot_be_part_of_an_address_is_refused(persona):
    with pytest.raises(ValidationError) as caught:
        make_campaign(persona("onac"), code="AC/2009 x")
    assert list(caught.value.message_dict) == ["code"]
    assert not Campaign.objects.exists()
