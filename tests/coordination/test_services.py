from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.accounts.domain.errors import NotFound, PermissionDenied, StaleObject
from lidhja.audit.models import AuditEntry
from lidhja.coordination.domain import minutes, queries, services
from lidhja.coordination.domain.seed import ensure_bodies, seed_rows
from lidhja.coordination.models import Attendance, Body, Decision, Meeting, Membership
from lidhja.core.files import private_path
from lidhja.organisations.models import Organisation
from tests.coordination.helpers import PDF, body, decision, held

pytestmark = pytest.mark.django_db


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def actions() -> list[str]:
    return list(
        AuditEntry.objects.filter(action__startswith="coordination.")
        .exclude(action="coordination.bodies_seeded")
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- Seed ------------------------------------------------------------------------------------


def test_the_seed_bodies_are_loaded_once_with_their_seats():
    assert Body.objects.count() == 21
    assert ensure_bodies(seed_rows(), by=SYSTEM) == (0, 0)
    sc, ntf = body("SC"), body("NTF")
    assert (sc.meetings_per_year, sc.secretariat.code, sc.organisation.code) == (
        2,
        "ONAC",
        "SCFTHB",
    )
    assert (ntf.meetings_per_year, ntf.chair.code, ntf.secretariat.code) == (4, "ONAC", "ONAC")
    tirana = body("RCAT-TR")
    assert (tirana.qark, tirana.organisation.code) == ("tirane", "RCAT-TR")
    seats = set(tirana.memberships.values_list("organisation__code", "role"))
    assert seats == {("RCAT-TR", "secretariat"), ("MUN-TR", "member")}
    # Every qark seat has its municipal unit in the registry: each committee seats it.
    assert set(body("RCAT-BR").memberships.values_list("organisation__code", flat=True)) == {
        "RCAT-BR",
        "MUN-BR",
    }
    assert Body.objects.filter(kind="regional_committee").count() == 12


def test_a_seat_whose_organisation_appears_later_is_filled_by_the_next_setup():
    Organisation.objects.create(
        code="PREF-BR", name="Prefecture of Berat", kind="state", level="regional", qark="berat"
    )
    assert ensure_bodies(seed_rows(), by=SYSTEM) == (0, 1)
    assert body("RCAT-BR").memberships.filter(organisation__code="PREF-BR").exists()


# --- Bodies and members ----------------------------------------------------------------------


def test_onac_creates_and_changes_a_body_and_a_stale_version_is_refused(persona):
    onac = persona("onac")
    new = services.create_body(
        "LWG-TR",
        {"name": "Local working group Tirana", "kind": "local_group", "qark": "tirane"},
        by=onac,
    )
    changed = services.update_body(new, {"meetings_per_year": 6}, version=1, by=onac)
    assert (changed.version, changed.meetings_per_year) == (2, 6)
    with pytest.raises(StaleObject):
        services.update_body(new, {"meetings_per_year": 2}, version=1, by=onac)
    assert Body.objects.get(code="LWG-TR").meetings_per_year == 6
    assert actions() == ["coordination.body_created", "coordination.body_changed"]


@pytest.mark.parametrize("who", ["secretary", "observer", "focal_asp", "rcat"])
def test_only_onac_manages_bodies_and_members(persona, who):
    with pytest.raises(PermissionDenied):
        services.create_body("X", {"name": "X", "kind": "expert_group"}, by=persona(who))
    with pytest.raises(PermissionDenied):
        services.add_member(body("SC"), org("ASP"), role="member", by=persona(who))
    assert actions() == []


def test_members_are_added_and_ended(persona):
    onac = persona("onac")
    membership = services.add_member(
        body("SC"),
        org("ASP"),
        role="observer",
        since=date(2009, 1, 1),
        representatives=[persona("focal_asp")],
        by=onac,
    )
    with pytest.raises(ValidationError) as twice:
        services.add_member(body("SC"), org("ASP"), role="member", by=onac)
    assert "organisation" in twice.value.message_dict
    with pytest.raises(ValidationError) as stranger:
        services.add_member(
            body("SC"), org("BMP"), role="member", representatives=[persona("focal_asp")], by=onac
        )
    assert "representatives" in stranger.value.message_dict
    ended = services.end_membership(membership, date(2010, 6, 30), version=1, by=onac)
    assert (ended.until, ended.version) == (date(2010, 6, 30), 2)
    with pytest.raises(StaleObject):
        services.end_membership(membership, date(2010, 7, 1), version=1, by=onac)
    on = {m.organisation.code for m in queries.members_on(body("SC"), date(2010, 6, 1))}
    after = {m.organisation.code for m in queries.members_on(body("SC"), date(2010, 7, 1))}
    assert "ASP" in on and "ASP" not in after
    assert actions() == ["coordination.member_added", "coordination.member_ended"]


def _tirana_seat() -> Membership:
    return Membership.objects.get(body__code="NTF", organisation__code="RCAT-TR")


def test_onac_changes_the_representatives_of_a_member(persona):
    onac, rcat = persona("onac"), persona("rcat")
    seat = _tirana_seat()
    changed = services.change_representatives(seat, [rcat], version=1, by=onac)
    assert (changed.version, list(changed.representatives.all())) == (2, [rcat])
    cleared = services.change_representatives(seat, [], version=2, by=onac)
    assert (cleared.version, cleared.representatives.count()) == (3, 0)
    entries = AuditEntry.objects.filter(action="coordination.representatives_changed")
    assert [e.changes for e in entries.order_by("pk")] == [
        {"fields": ["representatives"]},
        {"fields": ["representatives"]},
    ]
    assert all(e.object_id == str(seat.pk) for e in entries)
    assert "rcat.tirana" not in str([e.changes for e in entries])  # fields, never values


def test_a_stale_version_of_a_membership_is_refused(persona):
    onac = persona("onac")
    seat = _tirana_seat()
    services.change_representatives(seat, [persona("rcat")], version=1, by=onac)
    with pytest.raises(StaleObject):
        services.change_representatives(seat, [], version=1, by=onac)
    assert [u.username for u in _tirana_seat().representatives.all()] == ["rcat.tirana"]
    assert _tirana_seat().version == 2


def test_a_representative_is_an_active_user_of_the_member_organisation(persona):
    onac, rcat = persona("onac"), persona("rcat")
    seat = _tirana_seat()
    with pytest.raises(ValidationError) as stranger:  # a user of the municipal unit
        services.change_representatives(seat, [persona("social_tirana")], version=1, by=onac)
    assert stranger.value.message_dict == {
        "representatives": ["Representatives must be active users of the member organisation."]
    }
    rcat.is_active = False
    rcat.save(update_fields=["is_active"])
    with pytest.raises(ValidationError) as inactive:
        services.change_representatives(seat, [rcat], version=1, by=onac)
    assert list(inactive.value.message_dict) == ["representatives"]
    ended = services.end_membership(seat, date(2010, 6, 30), version=1, by=onac)
    with pytest.raises(ValidationError) as gone:
        services.change_representatives(ended, [], version=2, by=onac)
    assert gone.value.message_dict == {"representatives": ["This membership has ended."]}
    assert _tirana_seat().representatives.count() == 0
    assert actions() == ["coordination.member_ended"]


@pytest.mark.parametrize("who", ["secretary", "observer", "rcat", "focal_asp"])
def test_only_onac_changes_representatives(persona, who):
    with pytest.raises(PermissionDenied):
        services.change_representatives(
            _tirana_seat(), [persona("rcat")], version=1, by=persona(who)
        )
    assert _tirana_seat().representatives.count() == 0
    assert actions() == []


# --- Meetings --------------------------------------------------------------------------------


def test_the_secretariat_records_meetings_of_its_bodies_only(persona):
    secretary = persona("secretary")  # ONAC: secretariat of the Task Force, not of the NRM group
    meeting = services.record_meeting(body("NTF"), date=date(2009, 3, 5), by=secretary)
    assert (meeting.status, meeting.version, meeting.recorded_by) == ("planned", 1, secretary)
    with pytest.raises(PermissionDenied):
        services.record_meeting(body("NRMWG"), date=date(2009, 3, 5), by=secretary)
    for who in ("observer", "focal_asp", "rcat", "ra"):
        with pytest.raises(PermissionDenied):
            services.record_meeting(body("NTF"), date=date(2009, 3, 5), by=persona(who))
    assert Meeting.objects.count() == 1
    assert actions() == ["coordination.meeting_recorded"]


def test_a_meeting_is_held_then_not_moved_back_and_a_stale_version_is_refused(persona):
    onac = persona("onac")
    meeting = services.record_meeting(body("NTF"), date=date(2009, 3, 5), by=onac)
    meeting = services.change_meeting(meeting, {"status": "held"}, version=1, by=onac)
    assert (meeting.status, meeting.version) == ("held", 2)
    with pytest.raises(StaleObject):
        services.change_meeting(meeting, {"place": "Durrës"}, version=1, by=onac)
    with pytest.raises(ValidationError) as back:
        services.change_meeting(meeting, {"status": "planned"}, version=2, by=onac)
    assert "status" in back.value.message_dict
    future = timezone.localdate() + timedelta(days=3)
    with pytest.raises(ValidationError) as early:
        services.record_meeting(body("NTF"), date=future, status="held", by=onac)
    assert "date" in early.value.message_dict
    assert Meeting.objects.get().version == 2
    assert actions() == ["coordination.meeting_recorded", "coordination.meeting_changed"]


def test_a_body_meets_once_a_day_and_a_decision_falls_due_after_its_meeting(persona):
    onac = persona("onac")
    first = held("NTF", date(2009, 3, 5), onac)
    with pytest.raises(ValidationError) as twice:
        services.record_meeting(body("NTF"), date=date(2009, 3, 5), by=onac)
    assert twice.value.message_dict == {"date": ["This body already has a meeting on that day."]}
    other = services.record_meeting(body("NTF"), date=date(2009, 3, 6), by=onac)
    with pytest.raises(ValidationError) as moved:
        services.change_meeting(other, {"date": date(2009, 3, 5)}, version=1, by=onac)
    assert "date" in moved.value.message_dict
    services.change_meeting(other, {"status": "cancelled"}, version=1, by=onac)
    # Another body, or a cancelled meeting, leaves the day free.
    assert held("SC", date(2009, 3, 5), onac).date == first.date
    assert services.record_meeting(body("NTF"), date=date(2009, 3, 6), by=onac).pk
    asp = Organisation.objects.get(code="ASP")
    with pytest.raises(ValidationError) as early:
        decision(first, asp, date(2009, 3, 4), onac)
    assert early.value.message_dict == {"due_date": ["A decision falls due after its meeting."]}
    assert decision(first, asp, date(2009, 3, 5), onac).due_date == first.date
    assert Meeting.objects.filter(body__code="NTF").count() == 3


def test_attendance_of_members_and_rates(persona):
    onac = persona("onac")
    first = held("SC", date(2009, 6, 10), onac)
    second = held("SC", date(2009, 12, 10), onac)
    services.record_attendance(first, {"MOI": "present", "MOJ": "absent"}, version=1, by=onac)
    services.record_attendance(second, {"MOI": "present", "MOJ": "present"}, version=1, by=onac)
    with pytest.raises(ValidationError) as stranger:
        services.record_attendance(second, {"ASP": "present"}, version=2, by=onac)
    assert "attendance" in stranger.value.message_dict
    with pytest.raises(StaleObject):
        services.record_attendance(second, {"MOI": "absent"}, version=1, by=onac)
    rates = {
        r.membership.organisation.code: (r.present, r.recorded, r.rate)
        for r in queries.attendance_rates(body("SC"))
    }
    assert rates["MOI"] == (2, 2, 100)
    assert rates["MOJ"] == (1, 2, 50)
    assert rates["MOH"] == (0, 0, None)
    assert Attendance.objects.count() == 4


def test_attendance_and_decisions_need_a_meeting_that_was_held(persona):
    onac = persona("onac")
    planned = services.record_meeting(body("SC"), date=date(2009, 6, 10), by=onac)
    with pytest.raises(ValidationError):
        services.record_attendance(planned, {"MOI": "present"}, version=1, by=onac)
    with pytest.raises(ValidationError):
        decision(planned, org("MOI"), date(2009, 9, 1), onac)
    assert Decision.objects.count() == 0


def test_minutes_are_sealed_and_each_reading_is_audited(persona):
    onac = persona("onac")
    meeting = held("NTF", date(2009, 2, 20), onac)
    meeting = minutes.add_minutes(meeting, "minutes.pdf", PDF, version=1, by=onac)
    stored = private_path(meeting.minutes.name).read_bytes()
    assert PDF not in stored
    assert minutes.open_minutes(meeting, by=persona("focal_asp")) == PDF  # ASP is a member
    assert minutes.open_minutes(meeting, by=persona("observer")) == PDF  # NTF is the body
    committee = held("SC", date(2009, 6, 1), onac)
    committee = minutes.add_minutes(committee, "minutes.pdf", PDF, version=1, by=onac)
    for outsider in ("focal_asp", "observer", "prosecutor"):  # not in the State Committee
        with pytest.raises(PermissionDenied):
            minutes.open_minutes(committee, by=persona(outsider))
    assert minutes.open_minutes(committee, by=persona("focal_moi")) == PDF
    downloads = AuditEntry.objects.filter(action="coordination.minutes_downloaded")
    assert list(downloads.values_list("object_id", flat=True)) == [str(meeting.pk)] * 2 + [
        str(committee.pk)
    ]
    with pytest.raises(StaleObject):
        minutes.add_minutes(meeting, "again.pdf", PDF, version=1, by=onac)
    with pytest.raises(NotFound):
        minutes.open_minutes(held("SC", date(2009, 12, 1), onac), by=onac)


# --- Decisions -------------------------------------------------------------------------------


def test_a_decision_is_closed_by_its_owner_or_the_secretariat(persona):
    onac = persona("onac")
    meeting = held("NTF", date(2009, 2, 20), onac)
    first = decision(meeting, org("ASP"), date(2009, 4, 30), onac)
    second = decision(meeting, org("ASP"), date(2009, 4, 30), onac)
    with pytest.raises(PermissionDenied):  # a member, but not the owner nor the secretariat
        services.close_decision(first, "done", note="x", version=1, by=persona("focal_moi"))
    with pytest.raises(PermissionDenied):  # the owner reports done; it does not cancel
        services.close_decision(first, "cancelled", note="x", version=1, by=persona("focal_asp"))
    with pytest.raises(ValidationError) as no_note:
        services.close_decision(first, "done", note=" ", version=1, by=persona("focal_asp"))
    assert "note" in no_note.value.message_dict
    done = services.close_decision(
        first, "done", note="Note sent.", version=1, by=persona("focal_asp")
    )
    assert (done.status, done.version, done.closed_on) == ("done", 2, timezone.localdate())
    with pytest.raises(StaleObject):
        services.close_decision(first, "done", note="again", version=1, by=onac)
    with pytest.raises(ValidationError):
        services.close_decision(first, "cancelled", note="again", version=2, by=onac)
    cancelled = services.close_decision(
        second, "cancelled", note="Overtaken.", version=1, by=persona("secretary")
    )
    assert cancelled.status == "cancelled"
    assert actions() == [
        "coordination.meeting_recorded",
        "coordination.decision_recorded",
        "coordination.decision_recorded",
        "coordination.decision_closed",
        "coordination.decision_closed",
    ]


def test_overdue_decisions_and_bodies(persona):
    onac = persona("onac")
    meeting = held("NTF", date(2009, 2, 20), onac)
    late = decision(meeting, org("ASP"), date(2009, 4, 30), onac)
    decision(meeting, org("MOI"), date(2009, 6, 30), onac)
    closed = decision(meeting, org("ASP"), date(2009, 3, 30), onac)
    services.close_decision(closed, "done", note="ok", version=1, by=onac)
    today = date(2009, 5, 15)
    assert list(queries.overdue_decisions(today=today)) == [late]
    assert list(queries.overdue_decisions(org("MOI"), today=date(2009, 7, 1))) == [
        Decision.objects.get(owner__code="MOI")
    ]
    overdue = {r.body.code for r in queries.overdue_bodies(date(2009, 5, 15))}
    assert "NTF" not in overdue  # met 84 days before, within its 92
    assert {"SC", "RA", "DONORS"} <= overdue
    assert "NTF" not in {r.body.code for r in queries.overdue_bodies(date(2009, 5, 23))}
    later = {r.body.code: r for r in queries.overdue_bodies(date(2009, 5, 24))}
    assert later["NTF"].last_held == date(2009, 2, 20)  # 92 days allowed: overdue on the 93rd
    assert "NRMWG" not in later  # meets as necessary


def test_meetings_of_an_organisation(persona):
    onac = persona("onac")
    past = held("NTF", date(2009, 2, 20), onac)
    ahead = services.record_meeting(
        body("SC"), date=timezone.localdate() + timedelta(days=10), by=onac
    )
    other = held("IAWG-WP", date(2009, 3, 1), onac)
    asp = org("ASP")
    assert list(queries.meetings_for_organisation(asp, upcoming=False)) == [other, past]
    assert list(queries.meetings_for_organisation(org("MOJ"), upcoming=True)) == [ahead]
    assert list(queries.meetings_for_organisation(asp, upcoming=True)) == []
    assert Membership.objects.filter(body__code="IAWG-WP", organisation=asp).exists()


def test_the_owner_of_a_decision_is_an_active_organisation(persona):
    onac = persona("onac")
    meeting = held("NTF", date(2009, 2, 20), onac)
    closed = org("ASP")
    closed.is_active = False
    closed.save(update_fields=["is_active"])
    with pytest.raises(ValidationError) as inactive:
        decision(meeting, closed, date(2009, 4, 30), onac)
    assert list(inactive.value.message_dict) == ["owner"]
    collective = Organisation.objects.filter(collective=True).first()
    with pytest.raises(ValidationError):
        decision(meeting, collective, date(2009, 4, 30), onac)
    assert Decision.objects.count() == 0


def test_demo_loader_records_two_years_of_meetings(persona):
    import random

    from lidhja.coordination.domain.demo import load_demo

    line = load_demo(
        random.Random("demo"),  # noqa: S311 -- synthetic data
        {"demo.onac": persona("onac")},
    )
    held_ = Meeting.objects.filter(status="held")
    assert held_.count() == 37
    assert set(held_.values_list("date__year", flat=True)) == {2009, 2010}
    planned = Meeting.objects.filter(status="planned")
    assert planned.count() == 7
    assert all(m.date > timezone.localdate() for m in planned)
    assert Attendance.objects.filter(meeting__in=held_).count() > 0
    assert Meeting.objects.exclude(minutes="").count() > 0
    statuses = set(Decision.objects.values_list("status", flat=True))
    assert statuses == {"open", "done"}
    assert queries.overdue_decisions().count() == Decision.objects.filter(status="open").count()
    decisions = Decision.objects.count()
    assert line == f"44 meetings of coordination bodies (7 planned), {decisions} decisions"
    meeting = Meeting.objects.exclude(minutes="").first()
    assert b"SYNTHETIC" in minutes.open_minutes(meeting, by=persona("onac"))


def test_demo_loader_gives_the_regional_committees_their_meetings(persona):
    import random

    from lidhja.coordination.domain.demo import COMMITTEES, load_demo
    from lidhja.regional.domain.home import meetings as home_meetings

    load_demo(random.Random(2008), {"demo.onac": persona("onac")})  # noqa: S311
    committees = Meeting.objects.filter(body__kind="regional_committee")
    assert set(committees.values_list("body__code", flat=True)) == set(COMMITTEES)
    tirana = committees.filter(body__code="RCAT-TR")
    assert list(tirana.filter(status="held").order_by("date").values_list("date", flat=True)) == [
        date(2009, 4, 7),
        date(2009, 10, 6),
        date(2010, 4, 8),
        date(2010, 9, 14),
        date(2010, 12, 7),
    ]
    assert tirana.filter(status="planned", date__gt=timezone.localdate()).count() == 1
    last = tirana.get(date=date(2010, 12, 7))
    assert last.attendance.count() == 2  # the committee and the municipal unit
    assert last.decisions.exists() and not last.decisions.exclude(status="open").exists()
    overdue = queries.overdue_decisions().filter(meeting__body__code="RCAT-TR")
    assert overdue.count() >= 1
    # The Tirana member's home: the committee's next meeting first, its last one among the past.
    shown = home_meetings(org("RCAT-TR"))
    assert shown[0].body.code == "RCAT-TR" and shown[0].status == "planned"
    assert last in shown
    again = Meeting.objects.filter(body__kind="regional_committee").count()
    assert again == sum(len(days) + 1 for days in COMMITTEES.values())
