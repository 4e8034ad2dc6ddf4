"""Reading bodies and meetings: members, rhythm, attendance, overdue meetings and decisions,
and the meetings of an organisation (for the dashboards of other modules)."""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from lidhja.accounts.models import User
from lidhja.coordination.models import (
    Attendance,
    Body,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingStatus,
    Membership,
    Presence,
)
from lidhja.organisations.models import Organisation


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def current(day: date) -> Q:
    """Memberships running on `day`."""
    return (Q(since__isnull=True) | Q(since__lte=day)) & (Q(until__isnull=True) | Q(until__gte=day))


def members_on(body: Body, day: date) -> list[Membership]:
    return list(
        body.memberships.filter(current(day))
        .select_related("organisation")
        .prefetch_related("representatives")
        .order_by("role", "organisation__code")
    )


def representatives_offered(memberships: list[Membership]) -> dict[int, list[User]]:
    """The active users of each member organisation (by organisation id), who may represent
    it; one query whatever the number of members."""
    offered: dict[int, list[User]] = {m.organisation_id: [] for m in memberships}
    users = User.objects.filter(organisation_id__in=offered, is_active=True).order_by("username")
    for user in users:
        if user.organisation_id is not None:
            offered[user.organisation_id].append(user)
    return offered


def meetings_for_organisation(
    org: Organisation, *, upcoming: bool, today: date | None = None
) -> QuerySet[Meeting]:
    """Meetings of the bodies `org` belongs to: the planned ones from today on (soonest first),
    or the ones before today (latest first)."""
    from lidhja.coordination.domain.access import involving

    day = _today(today)
    bodies = Body.objects.filter(involving(org.pk, day)).values("pk")
    meetings = Meeting.objects.filter(body__in=bodies).select_related("body")
    if upcoming:
        return meetings.filter(date__gte=day, status=MeetingStatus.PLANNED).order_by("date", "pk")
    return meetings.filter(date__lt=day).order_by("-date", "pk")


def overdue_decisions(
    owner: Organisation | None = None, today: date | None = None
) -> QuerySet[Decision]:
    """Open decisions past their due date, the oldest first."""
    decisions = Decision.objects.filter(status=DecisionStatus.OPEN, due_date__lt=_today(today))
    if owner is not None:
        decisions = decisions.filter(owner=owner)
    return decisions.select_related("meeting__body", "owner").order_by("due_date", "pk")


def interval_days(meetings_per_year: int) -> int:
    """The longest gap between meetings the rhythm allows (quarterly: 92 days)."""
    return math.ceil(365 / meetings_per_year)


@dataclass(frozen=True)
class Rhythm:
    body: Body
    year: int
    held: int  # meetings held in `year` up to today
    required: int  # meetings a year
    last_held: date | None
    next_planned: date | None
    overdue: bool  # no meeting held within the rhythm's interval up to today


def rhythms(bodies: QuerySet[Body], today: date | None = None) -> list[Rhythm]:
    """The rhythm status of each body, in three queries whatever the number of bodies."""
    day = _today(today)
    held = Q(meetings__status=MeetingStatus.HELD, meetings__date__lte=day)
    rows = bodies.annotate(
        held_this_year=Count("meetings", filter=held & Q(meetings__date__year=day.year)),
        last_held=Max("meetings__date", filter=held),
    ).select_related("organisation", "chair", "secretariat")
    planned = dict(
        Meeting.objects.filter(body__in=bodies, status=MeetingStatus.PLANNED, date__gte=day)
        .values("body")
        .annotate(first=Min("date"))
        .values_list("body", "first")
    )
    return [_rhythm(body, day, planned.get(body.pk)) for body in rows]


def _rhythm(body: Body, day: date, next_planned: date | None) -> Rhythm:
    last = body.last_held  # type: ignore[attr-defined]
    required = body.meetings_per_year
    overdue = bool(
        body.is_active
        and required
        and (last is None or last < day - timedelta(days=interval_days(required)))
    )
    return Rhythm(
        body=body,
        year=day.year,
        held=body.held_this_year,  # type: ignore[attr-defined]
        required=required,
        last_held=last,
        next_planned=next_planned,
        overdue=overdue,
    )


def overdue_bodies(today: date | None = None) -> list[Rhythm]:
    """Active bodies with a required rhythm that have not met within its interval."""
    active = Body.objects.filter(is_active=True, meetings_per_year__gt=0)
    return [r for r in rhythms(active, today) if r.overdue]


@dataclass(frozen=True)
class MemberAttendance:
    membership: Membership
    present: int
    recorded: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.present / self.recorded) if self.recorded else None


def attendance_rates(body: Body, today: date | None = None) -> list[MemberAttendance]:
    """Each current member's attendance: present at how many of the held meetings whose
    attendance names it."""
    counts = {
        row["organisation"]: row
        for row in Attendance.objects.filter(meeting__body=body, meeting__status=MeetingStatus.HELD)
        .values("organisation")
        .annotate(recorded=Count("pk"), present=Count("pk", filter=Q(presence=Presence.PRESENT)))
    }
    return [
        MemberAttendance(
            m,
            counts.get(m.organisation_id, {}).get("present", 0),
            counts.get(m.organisation_id, {}).get("recorded", 0),
        )
        for m in members_on(body, _today(today))
    ]


def decisions_of(
    decisions: QuerySet[Decision], state: str, today: date | None = None
) -> QuerySet[Decision]:
    """Filter decisions by open, overdue (open past due) or closed (done or cancelled)."""
    day = _today(today)
    if state == "open":
        return decisions.filter(status=DecisionStatus.OPEN)
    if state == "overdue":
        return decisions.filter(status=DecisionStatus.OPEN, due_date__lt=day)
    if state == "closed":
        return decisions.exclude(status=DecisionStatus.OPEN)
    return decisions


def by_month(meetings: QuerySet[Meeting]) -> list[tuple[date, list[Meeting]]]:
    """Meetings grouped by the first day of their month, in date order."""
    months: dict[date, list[Meeting]] = {}
    for meeting in meetings.order_by("date", "pk"):
        months.setdefault(meeting.date.replace(day=1), []).append(meeting)
    return list(months.items())
