"""The secretariat's work in the API: the same inputs and services as the pages; 400 naming
the field, 403 for a step the user may not take, 404 for what the user may not see, 409 on a
stale version, and nothing changed when refused."""

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lidhja.audit.models import AuditEntry
from lidhja.coordination.api import serializers
from lidhja.coordination.domain import services
from lidhja.coordination.interfaces import forms
from lidhja.coordination.models import Attendance, Decision, Meeting
from lidhja.organisations.models import Organisation
from tests.coordination.helpers import body, decision, held

pytestmark = pytest.mark.django_db


def _post(client, name: str, arg, data: dict):
    url = reverse(f"coordination-api:{name}", args=[arg])
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_api_and_the_pages_take_the_same_inputs():
    pairs = [
        (serializers.RecordMeetingInput, forms.MeetingForm),
        (serializers.ChangeMeetingInput, forms.ChangeMeetingForm),
        (serializers.DecisionInput, forms.DecisionForm),
        (serializers.CloseDecisionInput, forms.CloseDecisionForm),
    ]
    for serializer, form in pairs:
        fields = serializer().fields
        assert list(fields) == list(form.base_fields)
        for name, field in form.base_fields.items():
            choices = getattr(field, "choices", None)
            if choices is not None and name != "owner":
                assert [v for v, _l in choices] == list(fields[name].choices), name


# --- Record a meeting ------------------------------------------------------------------------


def test_the_secretariat_records_a_meeting(client_for):
    response = _post(
        client_for("secretary"),
        "meeting_record",
        "NTF",
        {"date": "2009-06-10", "status": "held", "place": "Durrës", "agenda": "Review."},
    )
    assert response.status_code == 201
    meeting = Meeting.objects.get()
    assert response.json() == {
        "id": meeting.pk,
        "body": "NTF",
        "date": "2009-06-10",
        "place": "Durrës",
        "status": "held",
        "has_minutes": False,
        "version": 1,
    }
    assert (meeting.agenda, meeting.recorded_by.username) == ("Review.", "body.secretary")
    planned = _post(client_for("onac"), "meeting_record", "SC", {"date": "2031-01-15"})
    assert (planned.status_code, planned.json()["status"]) == (201, "planned")
    assert AuditEntry.objects.filter(action="coordination.meeting_recorded").count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "held"}, "date"),
        ({"date": "soon"}, "date"),
        ({"date": "2009-06-10", "status": "cancelled"}, "status"),  # recorded, then cancelled
        ({"date": "2009-06-10", "place": "x" * 256}, "place"),
        ({"date": "2009-06-10", "agenda": None}, "agenda"),
    ],
)
def test_recording_a_meeting_names_the_bad_field(client_for, data, field):
    response = _post(client_for("onac"), "meeting_record", "NTF", data)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert Meeting.objects.count() == 0


def test_a_meeting_held_on_a_future_day_is_refused_by_the_service(client_for):
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = _post(
        client_for("onac"), "meeting_record", "NTF", {"date": future, "status": "held"}
    )
    assert response.status_code == 400
    assert response.json() == {"date": ["A meeting cannot have been held on a future date."]}


def test_recording_a_meeting_is_refused_to_others(client_for):
    data = {"date": "2009-06-10"}
    # ASP sits in the Task Force but does not record; the secretary's ONAC is not the NRM
    # group's secretariat.
    assert _post(client_for("focal_asp"), "meeting_record", "NTF", data).status_code == 403
    assert _post(client_for("secretary"), "meeting_record", "NRMWG", data).status_code == 403
    assert _post(client_for("police"), "meeting_record", "NTF", data).status_code == 403
    # RA does not sit in the State Committee: it is not there for RA.
    assert _post(client_for("ra"), "meeting_record", "SC", data).status_code == 404
    assert _post(client_for("onac"), "meeting_record", "NOPE", data).status_code == 404
    assert Meeting.objects.count() == 0


# --- Change a meeting ------------------------------------------------------------------------


def _planned(persona) -> Meeting:
    return services.record_meeting(
        body("NTF"), date=date(2009, 6, 12), agenda="Review.", place="Tirana", by=persona("onac")
    )


def test_a_change_keeps_the_fields_left_out(client_for, persona):
    meeting = _planned(persona)
    response = _post(
        client_for("secretary"), "meeting_change", meeting.pk, {"version": 1, "status": "held"}
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["version"]) == ("held", 2)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.agenda, meeting.place, meeting.date) == (
        "held",
        "Review.",
        "Tirana",
        date(2009, 6, 12),
    )
    moved = _post(
        client_for("onac"), "meeting_change", meeting.pk, {"version": 2, "place": "Shkodër"}
    )
    assert (moved.status_code, moved.json()["place"]) == (200, "Shkodër")


def test_a_change_names_the_bad_field_and_a_stale_version_answers_409(client_for, persona):
    meeting = _planned(persona)
    client = client_for("onac")
    services.change_meeting(meeting, {"status": "held"}, version=1, by=persona("onac"))
    back = _post(client, "meeting_change", meeting.pk, {"version": 2, "status": "planned"})
    assert back.status_code == 400
    assert back.json() == {"status": ["This change of status is not allowed."]}
    unknown = _post(client, "meeting_change", meeting.pk, {"version": 2, "status": "postponed"})
    assert (unknown.status_code, list(unknown.json())) == (400, ["status"])
    no_version = _post(client, "meeting_change", meeting.pk, {"place": "Vlorë"})
    assert (no_version.status_code, list(no_version.json())) == (400, ["version"])
    stale = _post(client, "meeting_change", meeting.pk, {"version": 1, "place": "Vlorë"})
    assert stale.status_code == 409
    assert Meeting.objects.get().place == "Tirana"


def test_changing_a_meeting_is_refused_to_others(client_for, persona):
    meeting = _planned(persona)
    for who in ("observer", "focal_asp", "rcat", "helpline"):
        response = _post(client_for(who), "meeting_change", meeting.pk, {"version": 1})
        assert response.status_code == 403, who
    committee = services.record_meeting(body("SC"), date=date(2009, 6, 1), by=persona("onac"))
    hidden = _post(client_for("ra"), "meeting_change", committee.pk, {"version": 1})
    assert hidden.status_code == 404
    assert _post(client_for("onac"), "meeting_change", 10**6, {"version": 1}).status_code == 404
    assert list(Meeting.objects.values_list("version", flat=True)) == [1, 1]


# --- Attendance ------------------------------------------------------------------------------


def test_the_secretariat_records_attendance(client_for, persona):
    meeting = held("NTF", date(2009, 6, 10), persona("onac"))
    response = _post(
        client_for("secretary"),
        "attendance",
        meeting.pk,
        {
            "version": 1,
            "attendance": [
                {"organisation": "ASP", "presence": "present"},
                {"organisation": "MOI", "presence": "excused"},
            ],
        },
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert dict(Attendance.objects.values_list("organisation__code", "presence")) == {
        "ASP": "present",
        "MOI": "excused",
    }


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"organisation": "UNICEF", "presence": "present"}], None),  # not a member
        ([{"organisation": "ASP", "presence": "late"}], None),
        ([{"organisation": "ASP", "presence": "present"}] * 2, ["Name each organisation once."]),
        ("ASP", None),
    ],
)
def test_attendance_names_the_bad_field(client_for, persona, rows, message):
    meeting = held("NTF", date(2009, 6, 10), persona("onac"))
    response = _post(
        client_for("onac"), "attendance", meeting.pk, {"version": 1, "attendance": rows}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["attendance"]
    if message:
        assert response.json()["attendance"] == message
    assert Attendance.objects.count() == 0


def test_attendance_of_a_stranger_or_a_planned_meeting_or_a_stale_version(client_for, persona):
    onac = persona("onac")
    client = client_for("onac")
    meeting = held("NTF", date(2009, 6, 10), onac)
    stranger = _post(
        client,
        "attendance",
        meeting.pk,
        {"version": 1, "attendance": [{"organisation": "UNICEF", "presence": "present"}]},
    )
    assert stranger.json() == {"attendance": ["Not members of the body: UNICEF"]}
    stale = _post(
        client,
        "attendance",
        meeting.pk,
        {"version": 9, "attendance": [{"organisation": "ASP", "presence": "present"}]},
    )
    assert stale.status_code == 409
    planned = _planned(persona)
    early = _post(client, "attendance", planned.pk, {"version": 1, "attendance": []})
    assert (early.status_code, list(early.json())) == (400, ["attendance"])
    refused = _post(client_for("focal_asp"), "attendance", meeting.pk, {"version": 1})
    assert refused.status_code == 403
    assert Attendance.objects.count() == 0


# --- Decisions -------------------------------------------------------------------------------


def test_the_secretariat_records_a_decision(client_for, persona):
    meeting = held("NTF", date(2009, 6, 10), persona("onac"))
    response = _post(
        client_for("secretary"),
        "decision_record",
        meeting.pk,
        {"text": " Prepare a note. ", "owner": "ASP", "due_date": "2009-09-01"},
    )
    assert response.status_code == 201
    found = Decision.objects.get()
    assert response.json() == {
        "id": found.pk,
        "body": "NTF",
        "meeting_date": "2009-06-10",
        "text": "Prepare a note.",
        "owner": "ASP",
        "due_date": "2009-09-01",
        "status": "open",
        "overdue": True,
        "closed_on": None,
        "closing_note": "",
        "version": 1,
    }


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"owner": "ASP", "due_date": "2009-09-01"}, "text"),
        ({"text": "   ", "owner": "ASP", "due_date": "2009-09-01"}, "text"),
        ({"text": "Do it.", "owner": "NOPE", "due_date": "2009-09-01"}, "owner"),
        ({"text": "Do it.", "owner": None, "due_date": "2009-09-01"}, "owner"),
        ({"text": "Do it.", "owner": "ASP", "due_date": "2009-13-01"}, "due_date"),
    ],
)
def test_a_decision_names_the_bad_field(client_for, persona, data, field):
    meeting = held("NTF", date(2009, 6, 10), persona("onac"))
    response = _post(client_for("onac"), "decision_record", meeting.pk, data)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert Decision.objects.count() == 0


def test_a_decision_needs_a_held_meeting_and_a_recorder(client_for, persona):
    data = {"text": "Do it.", "owner": "ASP", "due_date": "2009-09-01"}
    planned = _planned(persona)
    early = _post(client_for("onac"), "decision_record", planned.pk, data)
    assert early.json() == {"text": ["Only a meeting that was held has this."]}
    meeting = held("NTF", date(2009, 6, 10), persona("onac"))
    for who in ("focal_asp", "rcat", "observer"):
        assert _post(client_for(who), "decision_record", meeting.pk, data).status_code == 403
    assert Decision.objects.count() == 0


def _open_decision(persona) -> Decision:
    meeting = held("NTF", date(2009, 6, 10), persona("onac"))
    return decision(
        meeting, Organisation.objects.get(code="ASP"), date(2009, 9, 1), persona("onac")
    )


def test_the_owner_closes_its_decision_done(client_for, persona):
    found = _open_decision(persona)
    response = _post(
        client_for("focal_asp"),
        "decision_close",
        found.pk,
        {"version": 1, "status": "done", "note": "Note sent."},
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["version"]) == ("done", 2)
    assert response.json()["closed_on"] == timezone.localdate().isoformat()
    found.refresh_from_db()
    assert (found.status, found.closing_note, found.closed_by.username) == (
        "done",
        "Note sent.",
        "asp.focal",
    )


def test_closing_names_the_bad_field_and_a_stale_version_answers_409(client_for, persona):
    found = _open_decision(persona)
    client = client_for("secretary")
    blank = _post(client, "decision_close", found.pk, {"version": 1, "status": "done", "note": " "})
    assert (blank.status_code, list(blank.json())) == (400, ["note"])
    reopened = _post(
        client, "decision_close", found.pk, {"version": 1, "status": "open", "note": "x"}
    )
    assert (reopened.status_code, list(reopened.json())) == (400, ["status"])
    stale = _post(
        client, "decision_close", found.pk, {"version": 3, "status": "cancelled", "note": "x"}
    )
    assert stale.status_code == 409
    assert Decision.objects.get().status == "open"


def test_closing_is_refused_to_others(client_for, persona):
    found = _open_decision(persona)
    data = {"version": 1, "status": "done", "note": "x"}
    # MOI sits in the Task Force but does not own the decision; the owner does not cancel.
    assert _post(client_for("focal_moi"), "decision_close", found.pk, data).status_code == 403
    cancel = {**data, "status": "cancelled"}
    assert _post(client_for("focal_asp"), "decision_close", found.pk, cancel).status_code == 403
    assert _post(client_for("helpline"), "decision_close", found.pk, data).status_code == 403
    committee = held("SC", date(2009, 6, 1), persona("onac"))
    hidden = decision(
        committee, Organisation.objects.get(code="MOJ"), date(2009, 9, 1), persona("onac")
    )
    assert _post(client_for("ra"), "decision_close", hidden.pk, data).status_code == 404
    assert set(Decision.objects.values_list("status", flat=True)) == {"open"}
