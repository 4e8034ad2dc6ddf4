"""The trainings API's changes: recording and editing an event, replacing its counted
attendance, adding and editing a roster member. Each takes the page's form or the attendance
sheet's reader and the same service: per endpoint a success, a 400 naming the field, a 409
on a stale version and a refused role, with nothing changed on a refusal. Names travel in
bodies only and never come back in an answer to a change or an error."""

import logging

import pytest
from django.urls import reverse

from lidhja.audit.models import AuditEntry
from lidhja.trainings.domain import services
from lidhja.trainings.models import Attendance, ParticipantCount, RosterMember, TrainingEvent
from tests.trainings.helpers import attend, event, member, module

NAME = "Sekretname"


def _put(client, url, body):
    return client.put(url, body, content_type="application/json")


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _event_body(**extra):
    return {
        "provider": "ASP",
        "module": "PA-BASIC",
        "target_group": "police",
        "starts_on": "2009-04-01",
        "ends_on": "2009-04-03",
        "qark": "durres",
        "place": "Durrës",
        "node": None,
        **extra,
    }


def _member_body(**extra):
    return {
        "given_name": "Synthetic",
        "family_name": NAME,
        "organisation": "ASP",
        "function": "judge",
        "court": "serious_crimes",
        "border_point": "",
        "sex": "female",
        "active_from": "2008-01-01",
        "active_until": None,
        **extra,
    }


@pytest.fixture
def asp_event(persona):
    return event(persona("onac"))


# --- record an event -----------------------------------------------------------------------


@pytest.mark.django_db
def test_recording_an_event(client_for, persona):
    module(persona("onac"))
    response = _post(client_for("focal_asp"), reverse("trainings-api:events"), _event_body())
    assert response.status_code == 201
    created = TrainingEvent.objects.get()
    assert response.json() == {
        "id": created.pk,
        "provider": "ASP",
        "module": "PA-BASIC",
        "target_group": "police",
        "starts_on": "2009-04-01",
        "ends_on": "2009-04-03",
        "qark": "durres",
        "place": "Durrës",
        "activity": "",
        "version": 1,
    }
    assert created.recorded_by == persona("focal_asp")
    assert AuditEntry.objects.filter(action="training.event_recorded").count() == 1


@pytest.mark.django_db
def test_recording_an_event_with_bad_input_names_the_field(client_for, persona):
    module(persona("onac"))
    client = client_for("onac")
    url = reverse("trainings-api:events")
    answers = {
        "ends_on": _post(client, url, _event_body(ends_on="2009-03-01")),
        "target_group": _post(client, url, _event_body(target_group="pilots")),
        "module": _post(client, url, _event_body(module="NOPE")),
        "starts_on": _post(client, url, _event_body(starts_on="tomorrow")),
    }
    assert {field: list(r.json()) for field, r in answers.items()} == {
        field: [field] for field in answers
    }
    assert {r.status_code for r in answers.values()} == {400}
    assert answers["ends_on"].json() == {"ends_on": ["The end date is before the start date."]}
    not_an_object = _post(client, url, [1, 2])
    assert (not_an_object.status_code, list(not_an_object.json())) == (400, ["non_field_errors"])
    assert TrainingEvent.objects.count() == 0


@pytest.mark.django_db
def test_recording_an_event_is_refused_to_roles_without_the_right(client_for, persona):
    module(persona("onac"))
    url = reverse("trainings-api:events")
    assert _post(client_for("observer"), url, _event_body()).status_code == 403
    assert _post(client_for("social_tirana"), url, _event_body()).status_code == 403
    # MoI's focal point records MoI's trainings: ASP is not among its providers (as on the page)
    moi = _post(client_for("focal_moi"), url, _event_body())
    assert (moi.status_code, list(moi.json())) == (400, ["provider"])
    assert TrainingEvent.objects.count() == 0
    assert not AuditEntry.objects.filter(action="training.event_recorded").exists()


# --- edit an event -------------------------------------------------------------------------


@pytest.mark.django_db
def test_editing_an_event_and_a_stale_version(client_for, asp_event):
    client = client_for("focal_asp")
    url = reverse("trainings-api:event", args=[asp_event.pk])
    body = _event_body(version=1, place="Vlorë", qark="vlore")
    response = _put(client, url, body)
    assert response.status_code == 200
    assert (response.json()["place"], response.json()["version"]) == ("Vlorë", 2)
    [entry] = AuditEntry.objects.filter(action="training.event_edited")
    assert entry.changes == {"fields": ["starts_on", "ends_on", "qark", "place"]}
    stale = _put(client, url, {**body, "place": "Other"})
    assert stale.status_code == 409
    assert stale.json() == {
        "detail": "This training event changed meanwhile. Reload it, then retry."
    }
    asp_event.refresh_from_db()
    assert (asp_event.place, asp_event.version) == ("Vlorë", 2)


@pytest.mark.django_db
def test_editing_an_event_with_bad_input_names_the_field(client_for, asp_event):
    client = client_for("onac")
    url = reverse("trainings-api:event", args=[asp_event.pk])
    assert _put(client, url, _event_body()).json() == {
        "version": ["Give the version you last read."]
    }
    bad = _put(client, url, _event_body(version=1, qark="atlantis"))
    assert (bad.status_code, list(bad.json())) == (400, ["qark"])
    later = _put(client, url, _event_body(version=1, starts_on="2009-05-01", ends_on="2009-04-01"))
    assert (later.status_code, list(later.json())) == (400, ["ends_on"])
    asp_event.refresh_from_db()
    assert (asp_event.place, asp_event.version) == ("Police Academy", 1)
    assert _put(client, reverse("trainings-api:event", args=[999999]), {}).status_code == 404


@pytest.mark.django_db
def test_editing_an_event_is_refused_to_another_organisation(client_for, asp_event):
    url = reverse("trainings-api:event", args=[asp_event.pk])
    for who in ("focal_moi", "observer", "social_tirana"):
        response = _put(client_for(who), url, _event_body(version=1, place="Taken"))
        assert response.status_code == 403, who
    asp_event.refresh_from_db()
    assert (asp_event.place, asp_event.version) == ("Police Academy", 1)


# --- counted attendance --------------------------------------------------------------------


def _counts():
    return [
        {"organisation": "ASP", "function": "police", "sex": "female", "count": 7},
        {"organisation": "ASP", "function": "police", "sex": "male", "count": 12},
        {"organisation": "MOI", "function": "border_police", "sex": "male", "count": "3"},
    ]


@pytest.mark.django_db
def test_replacing_the_counted_attendance_keeps_the_named_participants(
    client_for, persona, asp_event
):
    onac = persona("onac")
    named = member(onac, name=NAME)
    attend(onac, asp_event, [named])  # version 2
    url = reverse("trainings-api:attendance", args=[asp_event.pk])
    response = _put(client_for("focal_asp"), url, {"version": 2, "counts": _counts()})
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 3
    assert body["participants"] == [
        {"organisation": "ASP", "function": "police", "female": 7, "male": 13, "total": 20},
        {"organisation": "MOI", "function": "border_police", "female": 0, "male": 3, "total": 3},
    ]  # ASP's male police officers: 12 counted and the named one
    assert list(
        ParticipantCount.objects.order_by("count").values_list("organisation__code", "sex", "count")
    ) == [("MOI", "male", 3), ("ASP", "female", 7), ("ASP", "male", 12)]
    assert list(Attendance.objects.values_list("member__reference", flat=True)) == [named.reference]
    entry = AuditEntry.objects.filter(action="training.attendance_imported").latest("pk")
    assert entry.changes == {"counted": 22, "count_rows": 3}
    assert NAME not in response.content.decode()


@pytest.mark.django_db
def test_attendance_rows_with_bad_values_name_the_row_and_field(client_for, asp_event):
    client = client_for("onac")
    url = reverse("trainings-api:attendance", args=[asp_event.pk])
    rows = [
        *_counts(),
        {"organisation": "NOPE", "function": "police", "sex": "female", "count": 1},
        {"organisation": "ASP", "function": "pilots", "sex": "female", "count": 0},
        {"organisation": "ASP", "function": "police", "sex": "female", "count": 10**12},
    ]
    response = _put(client, url, {"version": 1, "counts": rows})
    assert response.status_code == 400
    assert response.json() == {
        "counts": [
            {},
            {},
            {},
            {"organisation": ["unknown organisation code"]},
            {
                "function": [
                    "must be one of police, border_police, prosecutors, judges, "
                    "social_workers, labour_inspectors, teachers, consular_staff, ngo_staff, "
                    "trainers, other"
                ],
                "count": ["must be a whole number above zero"],
            },
            {"count": ["must be at most 100000"]},
        ]
    }
    duplicate = _put(client, url, {"version": 1, "counts": [_counts()[0], _counts()[0]]})
    assert duplicate.json()["counts"][1] == {
        "organisation": ["duplicate of row 1: one row per organisation, function and sex"]
    }
    assert _put(client, url, {"version": 1, "counts": "many"}).json() == {
        "counts": ["Give a list of rows."]
    }
    assert _put(client, url, {"counts": []}).json() == {"version": ["This field is required."]}
    assert ParticipantCount.objects.count() == 0
    asp_event.refresh_from_db()
    assert asp_event.version == 1


@pytest.mark.django_db
def test_a_stale_or_refused_attendance_changes_nothing(client_for, asp_event):
    url = reverse("trainings-api:attendance", args=[asp_event.pk])
    assert _put(client_for("onac"), url, {"version": 5, "counts": _counts()}).status_code == 409
    assert (
        _put(client_for("focal_moi"), url, {"version": 1, "counts": _counts()}).status_code == 403
    )
    assert _put(client_for("observer"), url, {"version": 1, "counts": _counts()}).status_code == 403
    assert ParticipantCount.objects.count() == 0
    assert not AuditEntry.objects.filter(action="training.attendance_imported").exists()


# --- roster members ------------------------------------------------------------------------


@pytest.mark.django_db
def test_adding_a_member_answers_the_reference_never_the_name(client_for, persona, caplog):
    caplog.set_level(logging.DEBUG)
    response = _post(client_for("focal_asp"), reverse("trainings-api:roster"), _member_body())
    assert response.status_code == 201
    created = RosterMember.objects.get()
    assert response.json() == {
        "reference": created.reference,
        "organisation": "ASP",
        "function": "judge",
        "court": "serious_crimes",
        "border_point": "",
        "sex": "female",
        "active_from": "2008-01-01",
        "active_until": None,
    }
    assert response["Cache-Control"] == "no-store"
    assert services.name_of(created) == {"given_name": "Synthetic", "family_name": NAME}
    assert NAME not in caplog.text
    assert NAME not in str(list(AuditEntry.objects.values_list("changes", flat=True)))


@pytest.mark.django_db
def test_adding_a_member_with_bad_input_names_the_field_not_the_name(client_for):
    client = client_for("onac")
    url = reverse("trainings-api:roster")
    answers = {
        "court": _post(client, url, _member_body(court="")),  # a judge names the court
        "family_name": _post(client, url, _member_body(family_name="")),
        "active_until": _post(client, url, _member_body(active_until="2007-01-01")),
        "sex": _post(client, url, _member_body(sex=NAME)),
        "given_name": _post(client, url, _member_body(given_name=NAME * 20)),
    }
    assert {field: list(r.json()) for field, r in answers.items()} == {
        field: [field] for field in answers
    }
    assert {r.status_code for r in answers.values()} == {400}
    assert answers["court"].json() == {"court": ["Name the court of a judge."]}
    assert NAME not in answers["given_name"].content.decode()
    assert RosterMember.objects.count() == 0


@pytest.mark.django_db
def test_adding_a_member_is_refused_to_roles_without_the_right(client_for):
    url = reverse("trainings-api:roster")
    for who in ("observer", "social_tirana", "helpline"):
        response = _post(client_for(who), url, _member_body())
        assert response.status_code == 403, who
        assert NAME not in response.content.decode()
    moi = _post(client_for("focal_moi"), url, _member_body())  # ASP is not its organisation
    assert (moi.status_code, list(moi.json())) == (400, ["organisation"])
    assert RosterMember.objects.count() == 0


@pytest.mark.django_db
def test_editing_a_member_and_a_stale_version(client_for, persona):
    existing = member(persona("onac"), name=NAME)
    client = client_for("focal_asp")
    url = reverse("trainings-api:member", args=[existing.reference])
    body = _member_body(version=1, function="police", court="", given_name="Other")
    response = _put(client, url, body)
    assert response.status_code == 200
    assert (response.json()["function"], response.json()["sex"]) == ("police", "female")
    assert NAME not in response.content.decode()
    [entry] = AuditEntry.objects.filter(action="training.member_edited")
    assert entry.changes == {"reference": existing.reference, "fields": ["given_name", "sex"]}
    stale = _put(client, url, {**body, "sex": "male"})
    assert stale.status_code == 409
    assert stale.json() == {
        "detail": "This roster member changed meanwhile. Reload it, then retry."
    }
    existing.refresh_from_db()
    assert (existing.sex, existing.version) == ("female", 2)
    assert services.name_of(existing)["given_name"] == "Other"


@pytest.mark.django_db
def test_editing_a_member_with_bad_input_or_a_refused_role(client_for, persona):
    existing = member(persona("onac"), name=NAME)
    url = reverse("trainings-api:member", args=[existing.reference])
    bad = _put(
        client_for("onac"), url, _member_body(version=1, function="border_officer", court="")
    )
    assert (bad.status_code, bad.json()) == (
        400,
        {"border_point": ["Name the crossing point of a border officer."]},
    )
    missing = _put(client_for("onac"), url, _member_body())
    assert missing.json() == {"version": ["Give the version you last read."]}
    for who in ("focal_moi", "observer", "social_tirana"):
        response = _put(client_for(who), url, _member_body(version=1, family_name="Taken"))
        assert response.status_code == 403, who
    existing.refresh_from_db()
    assert existing.version == 1 and services.name_of(existing)["family_name"] == NAME
    missing_member = reverse("trainings-api:member", args=["R-NONE0000"])
    assert _put(client_for("onac"), missing_member, _member_body(version=1)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "sees"),
    [("onac", True), ("focal_asp", True), ("focal_moi", False), ("observer", False)],
)
def test_a_members_name_follows_the_pages_rule(client_for, persona, who, sees):
    existing = member(persona("onac"), name=NAME)
    url = reverse("trainings-api:member", args=[existing.reference])
    client = client_for(who)
    plain = client.get(url)
    assert plain.status_code == 200 and "name" not in plain.json()
    named = client.get(url, {"names": "1"})
    assert named.json().get("name") == (f"Synthetic {NAME}" if sees else None)
    assert named["Cache-Control"] == "no-store"
    reads = AuditEntry.objects.filter(action="training.names_viewed").count()
    assert reads == (1 if sees else 0)
