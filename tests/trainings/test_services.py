"""Services of trainings: permission re-checked, stale versions refused, names sealed at rest,
never in audit entries, and each read of them audited."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.audit.models import AuditEntry
from lidhja.trainings.domain import reading, services
from lidhja.trainings.models import Court, RosterFunction, RosterMember, Sex, TrainingEvent
from tests.trainings.helpers import attend, event, member, module, org


@pytest.mark.django_db
def test_a_focal_point_records_only_the_events_its_organisation_provides(persona):
    onac, focal = persona("onac"), persona("focal_asp")
    mod = module(onac)
    own = event(focal, module=mod)
    assert own.provider.code == "ASP"
    before = TrainingEvent.objects.count()
    with pytest.raises(PermissionDenied):
        event(focal, provider="GPO", module=mod)
    with pytest.raises(PermissionDenied):
        event(persona("observer"), module=mod)
    assert TrainingEvent.objects.count() == before
    assert AuditEntry.objects.filter(action="training.event_recorded").count() == 1


@pytest.mark.django_db
def test_an_event_ending_before_it_starts_is_refused(persona):
    with pytest.raises(ValidationError) as exc:
        event(persona("onac"), starts=date(2009, 3, 2), ends=date(2009, 3, 1))
    assert list(exc.value.message_dict) == ["ends_on"]


@pytest.mark.django_db
def test_a_stale_event_version_is_refused_and_nothing_changes(persona):
    onac = persona("onac")
    ev = event(onac)
    values = {name: getattr(ev, name) for name in services.EVENT_FIELDS}
    services.edit_event(ev, by=onac, version=1, values={**values, "place": "Durrës"})
    with pytest.raises(StaleObject):
        services.edit_event(ev, by=onac, version=1, values={**values, "place": "Vlorë"})
    with pytest.raises(StaleObject):
        services.replace_attendance(ev, by=onac, version=1, counts=[], members=[])
    ev.refresh_from_db()
    assert (ev.place, ev.version) == ("Durrës", 2)
    entry = AuditEntry.objects.filter(action="training.event_edited").get()
    assert entry.changes == {"fields": ["place"]}


@pytest.mark.django_db
def test_another_organisations_focal_point_cannot_change_an_event(persona):
    ev = event(persona("onac"))
    values = {name: getattr(ev, name) for name in services.EVENT_FIELDS}
    with pytest.raises(PermissionDenied):
        services.edit_event(ev, by=persona("focal_moi"), version=1, values=values)
    with pytest.raises(PermissionDenied):
        services.replace_attendance(ev, by=persona("focal_moi"), version=1, counts=[], members=[])


@pytest.mark.django_db
def test_roster_rules_name_their_fields(persona):
    onac = persona("onac")
    with pytest.raises(ValidationError) as exc:
        member(onac, function=RosterFunction.JUDGE, organisation="SCC")
    assert list(exc.value.message_dict) == ["court"]
    with pytest.raises(ValidationError) as exc:
        member(onac, function=RosterFunction.BORDER_OFFICER, court=Court.DISTRICT)
    assert sorted(exc.value.message_dict) == ["border_point", "court"]
    with pytest.raises(ValidationError) as exc:
        member(onac, active_until=date(2007, 1, 1))
    assert list(exc.value.message_dict) == ["active_until"]
    assert RosterMember.objects.count() == 0


@pytest.mark.django_db
def test_a_focal_point_adds_and_edits_members_of_its_own_organisation_only(persona):
    focal = persona("focal_asp")
    own = member(focal)
    assert own.reference.startswith("R-")
    with pytest.raises(PermissionDenied):
        member(focal, organisation="GPO", function=RosterFunction.PROSECUTOR)
    values = {
        **{name: getattr(own, name) for name in services.MEMBER_FIELDS},
        "given_name": "Synthetic",
        "family_name": "Renamed",
    }
    with pytest.raises(PermissionDenied):
        services.edit_member(own, by=persona("focal_moi"), version=1, values=values)
    with pytest.raises(PermissionDenied):  # moving the member out of one's organisation
        services.edit_member(
            own, by=focal, version=1, values={**values, "organisation": org("GPO")}
        )
    services.edit_member(own, by=focal, version=1, values=values)
    with pytest.raises(StaleObject):
        services.edit_member(own, by=focal, version=1, values=values)
    own.refresh_from_db()
    assert services.name_of(own) == {"given_name": "Synthetic", "family_name": "Renamed"}
    entry = AuditEntry.objects.filter(action="training.member_edited").get()
    assert entry.changes == {"reference": own.reference, "fields": ["family_name"]}


@pytest.mark.django_db
def test_names_are_sealed_at_rest_and_never_in_the_audit_log(persona):
    onac = persona("onac")
    m = member(onac, name="Sealedfamilyname")
    services.edit_member(
        m,
        by=onac,
        version=1,
        values={
            **{name: getattr(m, name) for name in services.MEMBER_FIELDS},
            "given_name": "Sealedgiven",
            "family_name": "Sealedfamilyname",
        },
    )
    reading.reveal_names(onac, [m])
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM trainings_rostermember")
        raw = repr(cursor.fetchall())
        cursor.execute("SELECT changes, object_repr FROM audit_auditentry")
        audit = repr(cursor.fetchall())
    for word in ("Sealedfamilyname", "Sealedgiven", "Synthetic"):
        assert word not in raw
        assert word not in audit


@pytest.mark.django_db
def test_each_read_of_names_is_audited_and_limited_by_the_policy(persona):
    onac = persona("onac")
    asp = member(onac, name="Aspmember")
    gpo = member(onac, organisation="GPO", function=RosterFunction.PROSECUTOR, name="Gpomember")
    assert reading.reveal_names(onac, [asp, gpo]) == {
        asp.reference: "Synthetic Aspmember",
        gpo.reference: "Synthetic Gpomember",
    }
    assert reading.reveal_names(persona("focal_asp"), [asp, gpo]) == {
        asp.reference: "Synthetic Aspmember"
    }
    assert reading.reveal_names(persona("observer"), [asp, gpo]) == {}
    entries = list(AuditEntry.objects.filter(action="training.names_viewed").order_by("seq"))
    assert [(e.actor_label, e.changes) for e in entries] == [
        ("onac.analyst", {"members": sorted([asp.reference, gpo.reference])}),
        ("asp.focal", {"members": [asp.reference]}),
    ]


@pytest.mark.django_db
def test_attendance_replaces_the_participants_and_is_audited_by_reference(persona):
    onac = persona("onac")
    ev = event(onac)
    m = member(onac, sex=Sex.FEMALE)
    attend(onac, ev, [m], [services.CountRow(org("ASP"), "police", Sex.MALE, 7)])
    attend(onac, ev, [m], [services.CountRow(org("BMP"), "border_police", Sex.FEMALE, 3)])
    assert list(ev.counts.values_list("organisation__code", "function", "sex", "count")) == [
        ("BMP", "border_police", "female", 3)
    ]
    assert list(ev.attendances.values_list("member__reference", flat=True)) == [m.reference]
    entry = AuditEntry.objects.filter(action="training.attendance_imported").order_by("seq").last()
    assert entry.changes == {"counted": 3, "count_rows": 1, "members": [m.reference]}


@pytest.mark.django_db
def test_key_rotation_reseals_the_names(persona, tmp_path, settings):
    import io

    from django.core.management import call_command

    from lidhja.cases.domain import crypto
    from tests.conftest import TEST_KEYRING

    m = member(persona("onac"), name="Rotated")
    key_file = tmp_path / "keys" / "case-keyring.json"
    crypto.write_keyring(crypto.Keyring.parse(TEST_KEYRING), key_file)
    settings.LIDHJA_CASE_KEYRING = ""
    settings.LIDHJA_CASE_KEYRING_FILE = key_file
    old = crypto.keyring().current
    call_command("cases", "rotate-key", stdout=io.StringIO())
    call_command("cases", "reencrypt", stdout=io.StringIO())
    m.refresh_from_db()
    ring = crypto.keyring()
    assert ring.key_of(bytes(m.sealed_name)) == ring.current != old
    assert services.name_of(m) == {"given_name": "Synthetic", "family_name": "Rotated"}
