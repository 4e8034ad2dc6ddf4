"""The permission matrix of the co-ordination pages and API: every URL × every persona, with
the exact status (tests/web/test_matrix_complete.py reads `covered()`)."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from lidhja.accounts.models import User
from lidhja.audit.models import AuditEntry
from lidhja.coordination.domain import minutes, services
from lidhja.coordination.models import Body, Decision, Meeting, Membership
from lidhja.organisations.models import Organisation
from tests.conftest import PERSONAS
from tests.coordination.helpers import PDF, body, decision, held

ALL = set(PERSONAS)
VIEWERS = {"onac", "observer", "focal_asp", "focal_moi", "rcat", "ra", "secretary"}
# Task Force: ONAC chairs it, ASP, MOI, RCAT-TR and RA sit in it, NTF is the body itself.
TASK_FORCE = VIEWERS
# State Committee: ONAC is its secretariat, MOI sits in it; observers see every body.
COMMITTEE = {"onac", "observer", "focal_moi", "secretary"}
COMMITTEE_MINUTES = COMMITTEE - {"observer"}
RECORDERS = {"onac", "secretary"}
MANAGERS = {"onac"}


def _onac() -> User:
    return User.objects.get(username="onac.analyst")


def _meeting(code: str) -> Meeting:
    meeting = held(code, date(2009, 6, 10), _onac())
    return minutes.add_minutes(meeting, "minutes.pdf", PDF, version=1, by=_onac())


def _decision() -> Decision:
    meeting = held("NTF", date(2009, 6, 10), _onac())
    return decision(meeting, Organisation.objects.get(code="ASP"), date(2009, 9, 1), _onac())


# name, url (or a function making it), who gets 200; the others with the view right get 404
# where the object is hidden from them, everyone else 403.
def _pages():
    ntf = lambda name: reverse(name, args=[_meeting("NTF").pk])  # noqa: E731
    sc = lambda name: reverse(name, args=[_meeting("SC").pk])  # noqa: E731
    return [
        ("bodies", lambda: reverse("coordination:bodies"), VIEWERS, VIEWERS),
        ("calendar", lambda: reverse("coordination:calendar") + "?qark=tirane", VIEWERS, VIEWERS),
        (
            "decisions",
            lambda: reverse("coordination:decisions") + "?state=overdue",
            VIEWERS,
            VIEWERS,
        ),
        ("body-ntf", lambda: reverse("coordination:body", args=["NTF"]), TASK_FORCE, VIEWERS),
        ("body-sc", lambda: reverse("coordination:body", args=["SC"]), COMMITTEE, VIEWERS),
        ("meeting-ntf", lambda: ntf("coordination:meeting"), TASK_FORCE, VIEWERS),
        ("meeting-sc", lambda: sc("coordination:meeting"), COMMITTEE, VIEWERS),
        ("minutes-ntf", lambda: ntf("coordination:minutes"), TASK_FORCE, VIEWERS),
        ("minutes-sc", lambda: sc("coordination:minutes"), COMMITTEE_MINUTES, VIEWERS),
        ("api-bodies", lambda: reverse("coordination-api:bodies"), VIEWERS, VIEWERS),
        ("api-body-sc", lambda: reverse("coordination-api:body", args=["SC"]), COMMITTEE, VIEWERS),
        (
            "api-meetings",
            lambda: reverse("coordination-api:meetings") + "?body=NTF",
            VIEWERS,
            VIEWERS,
        ),
        (
            "api-decisions",
            lambda: reverse("coordination-api:decisions") + "?state=open",
            VIEWERS,
            VIEWERS,
        ),
    ]


def _expected(who: str, allowed: set[str], viewers: set[str]) -> int:
    if who in allowed:
        return 200
    # The observer sees the State Committee's meeting but not its minutes: 403.
    return 404 if who in viewers and who != "observer" else 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "who"), [(name, who) for name, *_rest in _pages() for who in sorted(ALL)]
)
def test_page_matrix(client_for, name, who):
    _name, make, allowed, viewers = next(p for p in _pages() if p[0] == name)
    url = make()
    response = client_for(who).get(url)
    assert response.status_code == _expected(who, allowed, viewers)
    if name.startswith("minutes"):
        downloads = AuditEntry.objects.filter(action="coordination.minutes_downloaded").count()
        assert downloads == (1 if who in allowed else 0)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [p[0] for p in _pages()])
def test_anonymous_is_sent_to_sign_in(client, name):
    make = next(p[1] for p in _pages() if p[0] == name)
    response = client.get(make())
    if name.startswith("api"):
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def _state():
    return (
        list(Body.objects.values_list("code", "version").order_by("code")),
        list(Membership.objects.values_list("pk", "version", "until").order_by("pk")),
        list(Meeting.objects.values_list("pk", "version", "status").order_by("pk")),
        list(Decision.objects.values_list("pk", "version", "status").order_by("pk")),
    )


def _member():
    return Membership.objects.get(body__code="SC", organisation__code="MOI")


def _planned():
    return services.record_meeting(body("NTF"), date=date(2009, 6, 10), by=_onac())


# name: (url name, who may, setup returning (url, data))
POSTS = {
    "body-new": (
        "coordination:body_new",
        MANAGERS,
        lambda: (
            reverse("coordination:body_new"),
            {"code": "LWG-X", "name": "X", "kind": "local_group", "meetings_per_year": 0},
        ),
    ),
    "body-edit": (
        "coordination:body_edit",
        MANAGERS,
        lambda: (
            reverse("coordination:body_edit", args=["NTF"]),
            {
                "version": 1,
                "name": "Task Force",
                "kind": "task_force",
                "meetings_per_year": 4,
                "is_active": "on",
            },
        ),
    ),
    "member-add": (
        "coordination:member_add",
        MANAGERS,
        lambda: (
            reverse("coordination:member_add", args=["NTF"]),
            {"organisation": "UNICEF", "role": "observer"},
        ),
    ),
    "member-end": (
        "coordination:member_end",
        MANAGERS,
        lambda: (
            reverse(
                "coordination:member_end",
                args=[Membership.objects.get(body__code="NTF", organisation__code="MOJ").pk],
            ),
            {"version": 1, "until": "2010-01-01"},
        ),
    ),
    "member-representatives": (
        "coordination:member_representatives",
        MANAGERS,
        lambda: (
            reverse(
                "coordination:member_representatives",
                args=[Membership.objects.get(body__code="NTF", organisation__code="RCAT-TR").pk],
            ),
            {"version": 1, "representatives": ["rcat.tirana"]},
        ),
    ),
    "meeting-new": (
        "coordination:meeting_new",
        RECORDERS,
        lambda: (
            reverse("coordination:meeting_new", args=["NTF"]),
            {"date": "2009-06-10", "status": "held", "place": "Tirana"},
        ),
    ),
    "meeting-change": (
        "coordination:meeting_change",
        RECORDERS,
        lambda: (
            reverse("coordination:meeting_change", args=[_planned().pk]),
            {"version": 1, "date": "2009-06-10", "status": "held"},
        ),
    ),
    "attendance": (
        "coordination:attendance",
        RECORDERS,
        lambda: (
            reverse("coordination:attendance", args=[held("NTF", date(2009, 6, 10), _onac()).pk]),
            {"version": 1, "org_ASP": "present"},
        ),
    ),
    "minutes-upload": (
        "coordination:minutes_upload",
        RECORDERS,
        lambda: (
            reverse(
                "coordination:minutes_upload", args=[held("NTF", date(2009, 6, 10), _onac()).pk]
            ),
            {"version": 1, "file": SimpleUploadedFile("minutes.pdf", PDF)},
        ),
    ),
    "decision-new": (
        "coordination:decision_new",
        RECORDERS,
        lambda: (
            reverse("coordination:decision_new", args=[held("NTF", date(2009, 6, 10), _onac()).pk]),
            {"text": "Do it.", "owner": "ASP", "due_date": "2009-09-01"},
        ),
    ),
    "decision-close": (
        "coordination:decision_close",
        RECORDERS | {"focal_asp"},  # and the owner, reporting it done
        lambda: (
            reverse("coordination:decision_close", args=[_decision().pk]),
            {"version": 1, "status": "done", "note": "Done."},
        ),
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "who"), [(n, w) for n in POSTS for w in sorted(ALL)])
def test_every_change_is_refused_to_everyone_else(client_for, name, who):
    url_name, allowed, setup = POSTS[name]
    url, data = setup()
    assert resolve(url).view_name == url_name
    before = _state()
    response = client_for(who).post(url, data)
    if who in allowed:
        assert response.status_code == 302
        assert _state() != before
    else:
        assert response.status_code == 403
        assert _state() == before


# The API's changes: name: (url name, who may, the status they get, setup returning (url,
# data)). Everyone else gets 403 (every object here is the Task Force's, which every viewer
# sees); tests/coordination/test_api.py has the 404s of hidden objects.
API_POSTS = {
    "api-meeting-record": (
        "coordination-api:meeting_record",
        RECORDERS,
        201,
        lambda: (
            reverse("coordination-api:meeting_record", args=["NTF"]),
            {"date": "2009-06-10", "status": "held", "place": "Tirana"},
        ),
    ),
    "api-meeting-change": (
        "coordination-api:meeting_change",
        RECORDERS,
        200,
        lambda: (
            reverse("coordination-api:meeting_change", args=[_planned().pk]),
            {"version": 1, "status": "held"},
        ),
    ),
    "api-attendance": (
        "coordination-api:attendance",
        RECORDERS,
        200,
        lambda: (
            reverse(
                "coordination-api:attendance", args=[held("NTF", date(2009, 6, 10), _onac()).pk]
            ),
            {"version": 1, "attendance": [{"organisation": "ASP", "presence": "present"}]},
        ),
    ),
    "api-decision-record": (
        "coordination-api:decision_record",
        RECORDERS,
        201,
        lambda: (
            reverse(
                "coordination-api:decision_record",
                args=[held("NTF", date(2009, 6, 10), _onac()).pk],
            ),
            {"text": "Do it.", "owner": "ASP", "due_date": "2009-09-01"},
        ),
    ),
    "api-decision-close": (
        "coordination-api:decision_close",
        RECORDERS | {"focal_asp"},  # and the owner, reporting it done
        200,
        lambda: (
            reverse("coordination-api:decision_close", args=[_decision().pk]),
            {"version": 1, "status": "done", "note": "Done."},
        ),
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "who"), [(n, w) for n in API_POSTS for w in sorted(ALL)])
def test_every_api_change_is_refused_to_everyone_else(client_for, name, who):
    url_name, allowed, success, setup = API_POSTS[name]
    url, data = setup()
    assert resolve(url).view_name == url_name
    before = _state()
    response = client_for(who).post(url, json.dumps(data), content_type="application/json")
    if who in allowed:
        assert response.status_code == success
        assert _state() != before
    else:
        assert response.status_code == 403
        assert _state() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(API_POSTS))
def test_anonymous_api_changes_are_refused(client, name):
    _url_name, _allowed, _success, setup = API_POSTS[name]
    url, data = setup()
    before = _state()
    response = client.post(url, json.dumps(data), content_type="application/json")
    assert response.status_code == 403
    assert _state() == before


@pytest.mark.django_db
def test_a_body_hidden_from_a_member_role_answers_404_to_its_posts(client_for):
    """RA sits in the Task Force, not in the State Committee: the committee is not there."""
    client = client_for("ra")
    assert client.post(reverse("coordination:meeting_new", args=["SC"]), {}).status_code == 404
    assert client.get(reverse("coordination:body", args=["NOPE"])).status_code == 404


def covered() -> set[str]:
    """The URL names this matrix covers, for tests/web/test_matrix_complete.py."""
    names = {url_name for url_name, _allowed, _setup in POSTS.values()}
    names |= {url_name for url_name, _allowed, _success, _setup in API_POSTS.values()}
    names |= {
        "coordination:bodies",
        "coordination:calendar",
        "coordination:decisions",
        "coordination:body",
        "coordination:meeting",
        "coordination:minutes",
        "coordination-api:bodies",
        "coordination-api:body",
        "coordination-api:meetings",
        "coordination-api:decisions",
    }
    return names
