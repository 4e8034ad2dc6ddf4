"""The pages of the co-ordination bodies: what they show, bad input, the dashboard panels, and
the API rendering the same field lists."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lidhja.audit.models import AuditEntry
from lidhja.coordination.domain import minutes, services
from lidhja.coordination.domain.fields import BODY_FIELDS, DECISION_FIELDS, MEETING_FIELDS
from lidhja.coordination.models import Decision, Meeting
from lidhja.organisations.models import Organisation
from tests.coordination.helpers import PDF, decision, held

pytestmark = pytest.mark.django_db


def _year_of_task_force(onac, held_count: int):
    year = timezone.localdate().year
    days = [date(year, 1, 2) + timedelta(days=i) for i in range(held_count)]
    return [held("NTF", day, onac) for day in days if day <= timezone.localdate()]


def test_body_page_shows_rhythm_members_attendance_and_open_decisions(client_for, persona):
    onac = persona("onac")
    meetings = _year_of_task_force(onac, 3)
    first = meetings[0]
    services.record_attendance(first, {"ASP": "present", "MOI": "absent"}, version=1, by=onac)
    decision(first, Organisation.objects.get(code="ASP"), first.date + timedelta(days=1), onac)
    page = client_for("focal_asp").get(reverse("coordination:body", args=["NTF"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert f"Met {len(meetings)} of 4 required in {timezone.localdate().year}." in text
    assert "1 of 1 (100%)" in text  # ASP's attendance
    assert "0 of 1 (0%)" in text  # MOI's
    assert "overdue" in text  # the decision was due the day after the meeting
    assert "Record a meeting" not in text  # ASP does not record


def test_a_body_that_never_met_shows_the_overdue_warning(client_for):
    page = client_for("onac").get(reverse("coordination:body", args=["SC"]))
    assert "Meeting overdue: none held yet." in page.content.decode()
    assert "Record a meeting" in page.content.decode()


def test_bad_input_answers_400_naming_the_field_and_changes_nothing(client_for, persona):
    client = client_for("onac")
    response = client.post(
        reverse("coordination:meeting_new", args=["NTF"]),
        {"date": (timezone.localdate() + timedelta(days=5)).isoformat(), "status": "held"},
    )
    assert response.status_code == 400
    assert "Date: A meeting cannot have been held on a future date." in response.content.decode()
    response = client.post(reverse("coordination:meeting_new", args=["NTF"]), {"date": "soon"})
    assert response.status_code == 400
    assert "Date: Enter a valid date." in response.content.decode()
    assert Meeting.objects.count() == 0


def test_a_stale_version_answers_409(client_for, persona):
    meeting = held("NTF", date(2009, 2, 20), persona("onac"))
    response = client_for("secretary").post(
        reverse("coordination:meeting_change", args=[meeting.pk]),
        {"version": 7, "date": "2009-02-21", "status": "held"},
    )
    assert response.status_code == 409
    assert Meeting.objects.get().date == date(2009, 2, 20)


def test_minutes_upload_and_download_on_the_page(client_for, persona):
    meeting = held("NTF", date(2009, 2, 20), persona("onac"))
    client = client_for("secretary")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("coordination:minutes_upload", args=[meeting.pk]),
        {"version": 1, "file": SimpleUploadedFile("minutes.pdf", PDF)},
    )
    assert response.status_code == 302
    download = client_for("rcat").get(reverse("coordination:minutes", args=[meeting.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
    refused = client_for("onac").post(
        reverse("coordination:minutes_upload", args=[meeting.pk]),
        {"version": 2, "file": SimpleUploadedFile("minutes.exe", b"MZ")},
    )
    assert refused.status_code == 400
    entries = AuditEntry.objects.filter(action__startswith="coordination.minutes")
    assert list(entries.values_list("action", flat=True).order_by("pk")) == [
        "coordination.minutes_added",
        "coordination.minutes_downloaded",
    ]


def test_calendar_by_month_filtered_by_qark(client_for, persona):
    onac = persona("onac")
    held("RCAT-TR", date(2009, 4, 7), onac)
    held("RCAT-SH", date(2009, 5, 12), onac)
    held("NTF", date(2009, 4, 20), onac)
    client = client_for("onac")

    def shown(query: str):
        response = client.get(reverse("coordination:calendar") + query)
        return [
            (month, [m.body.code for m in meetings])
            for month, meetings in response.context["months"]
        ]

    assert shown("") == [
        (date(2009, 4, 1), ["RCAT-TR", "NTF"]),
        (date(2009, 5, 1), ["RCAT-SH"]),
    ]
    assert shown("?qark=tirane") == [(date(2009, 4, 1), ["RCAT-TR"])]
    assert shown("?body=RCAT-SH") == [(date(2009, 5, 1), ["RCAT-SH"])]
    assert "April 2009" in client.get(reverse("coordination:calendar")).content.decode()


def test_decisions_list_by_state_and_owner_and_closing_from_it(client_for, persona):
    onac = persona("onac")
    meeting = held("NTF", date(2009, 2, 20), onac)
    asp, moi = (Organisation.objects.get(code=c) for c in ("ASP", "MOI"))
    late = decision(meeting, asp, date(2009, 3, 1), onac)
    later = decision(meeting, moi, timezone.localdate() + timedelta(days=30), onac)
    client = client_for("focal_asp")
    overdue = client.get(reverse("coordination:decisions") + "?state=overdue")
    assert [row[0] for row in overdue.context["decision_rows"]] == [late]
    owned = client.get(reverse("coordination:decisions") + "?state=open&owner=MOI")
    assert [row[0] for row in owned.context["decision_rows"]] == [later]
    response = client.post(
        reverse("coordination:decision_close", args=[late.pk]),
        {"version": 1, "status": "done", "note": "Sent.", "next": "decisions"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("coordination:decisions")
    assert Decision.objects.get(pk=late.pk).status == "done"
    closed = client.get(reverse("coordination:decisions") + "?state=closed")
    assert [row[0] for row in closed.context["decision_rows"]] == [late]


def test_dashboard_panels_show_overdue_meetings_and_decisions(client_for, persona):
    onac = persona("onac")
    meeting = held("NTF", timezone.localdate() - timedelta(days=10), onac)
    decision(
        meeting,
        Organisation.objects.get(code="ASP"),
        timezone.localdate() - timedelta(days=1),
        onac,
    )
    page = client_for("onac").get(reverse("monitoring:dashboard")).content.decode()
    assert "Overdue meetings" in page and "Overdue decisions" in page
    # On the dashboard, below its headline tiles.
    assert page.index("Reports to review") < page.index("Overdue decisions")
    panel = page[page.index("Overdue meetings") : page.index("Overdue decisions")]
    assert 'href="/coordination/bodies/SC/"' in panel  # never met
    assert 'href="/coordination/bodies/NTF/"' not in panel  # met ten days ago
    assert "Prepare a note." in page[page.index("Overdue decisions") :]
    focal = client_for("focal_asp").get(reverse("monitoring:dashboard")).content.decode()
    assert "Overdue meetings" not in focal  # the panels are ONAC's and the observers'


def test_the_api_renders_the_same_fields_as_the_pages(client_for, persona):
    onac = persona("onac")
    meeting = held("SC", date(2009, 6, 10), onac)
    minutes.add_minutes(meeting, "m.pdf", PDF, version=1, by=onac)
    decision(meeting, Organisation.objects.get(code="MOI"), date(2009, 9, 1), onac)
    client = client_for("focal_moi")
    bodies = client.get(reverse("coordination-api:bodies")).json()["results"]
    assert list(bodies[0]) == [f.name for f in BODY_FIELDS]
    assert {b["code"] for b in bodies} == {"SC", "NTF", "NRMWG", "NRMSG", "RA", "EXPG", "IAWG-WP"}
    meetings = client.get(reverse("coordination-api:meetings") + "?body=SC").json()["results"]
    assert meetings == [
        {
            "id": meeting.pk,
            "body": "SC",
            "date": "2009-06-10",
            "place": "Tirana",
            "status": "held",
            "has_minutes": True,
            "version": 2,
        }
    ]
    # The pages' fields, and the version a change names.
    assert list(meetings[0]) == [f.name for f in MEETING_FIELDS] + ["version"]
    decisions = client.get(reverse("coordination-api:decisions") + "?state=overdue").json()
    assert [list(d) for d in decisions["results"]] == [
        [f.name for f in DECISION_FIELDS] + ["version"]
    ]
    assert decisions["results"][0]["overdue"] is True
    detail = client.get(reverse("coordination-api:body", args=["SC"])).json()
    assert {"organisation": "ONAC", "role": "secretariat", "present": 0, "recorded": 0} in detail[
        "members"
    ]
    page = client.get(reverse("coordination:body", args=["SC"]))
    assert [f.name for f, _value in page.context["body_fields"]] == [f.name for f in BODY_FIELDS]


def test_list_pages_take_a_fixed_number_of_queries(
    client_for, persona, django_assert_max_num_queries
):
    onac = persona("onac")
    for month in range(1, 13):
        meeting = held("NTF", date(2009, month, 3), onac)
        decision(meeting, Organisation.objects.get(code="ASP"), date(2009, month, 20), onac)
    client = client_for("onac")
    with django_assert_max_num_queries(20):
        client.get(reverse("coordination:bodies"))
    with django_assert_max_num_queries(20):
        client.get(reverse("coordination:calendar"))
    with django_assert_max_num_queries(20):
        client.get(reverse("coordination:decisions") + "?state=all")
    with django_assert_max_num_queries(30):
        client.get(reverse("coordination:body", args=["NTF"]))


def test_onac_adds_a_member_with_its_representatives_on_the_page(client_for, persona):
    from lidhja.coordination.models import Membership

    client = client_for("onac")
    url = reverse("coordination:member_add", args=["SC"])
    refused = client.post(
        url, {"organisation": "ASP", "role": "member", "representatives": ["moi.focal"]}
    )
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Representatives must be active users of the member organisation." in text
    assert not Membership.objects.filter(body__code="SC", organisation__code="ASP").exists()
    added = client.post(
        url, {"organisation": "ASP", "role": "member", "representatives": ["asp.focal"]}
    )
    assert added.status_code == 302
    membership = Membership.objects.get(body__code="SC", organisation__code="ASP")
    assert list(membership.representatives.values_list("username", flat=True)) == ["asp.focal"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("coordination-api:decisions", {"owner": "\x00ASP"}, "owner"),
        ("coordination-api:decisions", {"state": "late"}, "state"),
        ("coordination-api:meetings", {"body": "NTF\x00"}, "body"),
        ("coordination-api:meetings", {"qark": "atlantis"}, "qark"),
    ],
)
def test_a_filter_the_api_does_not_take_answers_400_naming_it(client_for, name, params, field):
    """Found by schemathesis on PostgreSQL: a NUL in a filter reached the database (500)."""
    response = client_for("onac").get(reverse(name), params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_onac_changes_a_members_representatives_on_the_body_page(client_for, persona):
    from lidhja.coordination.models import Membership

    seat = Membership.objects.get(body__code="NTF", organisation__code="RCAT-TR")
    url = reverse("coordination:member_representatives", args=[seat.pk])
    client = client_for("onac")
    page = client.get(reverse("coordination:body", args=["NTF"])).content.decode()
    assert f'action="{url}"' in page
    assert '<option value="rcat.tirana">rcat.tirana</option>' in page  # RCAT-TR's active user
    stranger = client.post(url, {"version": 1, "representatives": ["sw.tirana"]})
    assert stranger.status_code == 400
    text = stranger.content.decode()
    assert "Representatives: Representatives must be active users of the member organisation." in (
        text
    )
    saved = client.post(url, {"version": 1, "representatives": ["rcat.tirana"]})
    assert saved.status_code == 302
    assert [u.username for u in Membership.objects.get(pk=seat.pk).representatives.all()] == [
        "rcat.tirana"
    ]
    page = client.get(reverse("coordination:body", args=["NTF"])).content.decode()
    assert '<option value="rcat.tirana" selected>rcat.tirana</option>' in page
    stale = client.post(url, {"version": 1, "representatives": []})
    assert stale.status_code == 409
    assert Membership.objects.get(pk=seat.pk).representatives.count() == 1


def test_the_representatives_form_is_onacs_only(client_for):
    from lidhja.coordination.models import Membership

    seat = Membership.objects.get(body__code="NTF", organisation__code="RCAT-TR")
    url = reverse("coordination:member_representatives", args=[seat.pk])
    for who in ("secretary", "rcat"):
        client = client_for(who)
        page = client.get(reverse("coordination:body", args=["NTF"])).content.decode()
        assert url not in page
        refused = client.post(url, {"version": 1, "representatives": ["rcat.tirana"]})
        assert refused.status_code == 403
    assert Membership.objects.get(pk=seat.pk).representatives.count() == 0
    assert Membership.objects.get(pk=seat.pk).version == 1
