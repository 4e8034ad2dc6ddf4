"""What a regional committee member finds on their home page: the qark's cases (suppressed),
the cases escalated to the committee and still open, the organisation's reporting obligations
of the open period, the assessments to write, and the committee's meetings."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from lidhja.accounts.models import User
from lidhja.cases.domain.access import full_access_cases
from lidhja.cases.models import Escalation
from lidhja.cases.models.choices import EscalationLevel
from lidhja.coordination.domain.queries import meetings_for_organisation
from lidhja.coordination.models import Body
from lidhja.monitoring.models import Obligation, ReportingPeriod
from lidhja.organisations.models import Organisation
from lidhja.regional.domain.aggregates import CasesTable, cases_table
from lidhja.regional.domain.halves import Half
from lidhja.regional.domain.queries import OPEN, Slot, assessment_of, is_overdue
from lidhja.regional.models import AssessmentStatus


def meetings(org: Organisation, shown: int = 3) -> list[Any]:
    """The meetings of the bodies `org` belongs to, its own committee's first: for the
    committee, then for the other bodies, the next planned ones (soonest first) and the latest
    held or cancelled, `shown` of each."""
    found: list[Any] = []
    for own in (True, False):
        for upcoming in (True, False):
            rows = meetings_for_organisation(org, upcoming=upcoming)
            rows = (
                rows.filter(body__organisation=org) if own else rows.exclude(body__organisation=org)
            )
            found.extend(rows[:shown])
    return found


def committee(org: Organisation) -> Body | None:
    """The body that is the committee itself (RCAT-TR's own body), for a link to its page."""
    return Body.objects.filter(organisation=org, is_active=True).order_by("pk").first()


def open_escalations(user: User) -> QuerySet[Escalation]:
    """The open escalations to the committee of the user's qark, on the cases the user sees
    whole (cases.domain.access): the page shows each case's code and dates only."""
    return (
        Escalation.objects.filter(
            case__in=full_access_cases(user),
            level=EscalationLevel.RCAT,
            resolved_at__isnull=True,
        )
        .select_related("case")
        .order_by("raised_at", "pk")
    )


def open_period(org: Organisation) -> ReportingPeriod | None:
    """The latest period in which `org` owes reports."""
    return (
        ReportingPeriod.objects.filter(obligations__organisation=org)
        .order_by("-year", "-quarter")
        .first()
    )


def obligations(org: Organisation, period: ReportingPeriod | None) -> QuerySet[Obligation]:
    if period is None:
        return Obligation.objects.none()
    return (
        Obligation.objects.filter(period=period, organisation=org)
        .select_related("node", "report")
        .order_by("node__position")
    )


def reference_half(period: ReportingPeriod | None) -> Half:
    """The half-year of the open period, else today's."""
    if period is not None:
        return Half.of_quarter(period.year, period.quarter)
    return Half.containing(timezone.localdate())


def assessments_to_write(org: Organisation, current: Half) -> list[Slot]:
    """Of `current` and the half-year before it, those whose assessment is missing, a draft
    or returned; and any other returned assessment."""
    slots = []
    for half in (current.previous, current):
        assessment = assessment_of(org, half)
        if assessment is None or assessment.status in OPEN:
            slots.append(Slot(org, half, assessment, is_overdue(half, assessment)))
    listed = {(slot.half.year, slot.half.half) for slot in slots}
    for a in org.assessments.filter(status=AssessmentStatus.RETURNED).order_by("year", "half"):
        if (a.year, a.half) not in listed:
            half = Half(a.year, a.half)
            slots.append(Slot(org, half, a, is_overdue(half, a)))
    return slots


@dataclass
class Home:
    organisation: Organisation
    tables: list[CasesTable] = field(default_factory=list)
    escalations: list[Escalation] = field(default_factory=list)
    period: ReportingPeriod | None = None
    obligations: list[Obligation] = field(default_factory=list)
    assessments: list[Slot] = field(default_factory=list)
    meetings: list[Any] = field(default_factory=list)
    committee: Body | None = None


def home_of(user: User, org: Organisation) -> Home:
    period = open_period(org)
    current = reference_half(period)
    return Home(
        organisation=org,
        tables=[cases_table(org.qark, half) for half in (current, current.previous)]
        if org.qark
        else [],
        escalations=list(open_escalations(user)),
        period=period,
        obligations=list(obligations(org, period)),
        assessments=assessments_to_write(org, current),
        meetings=meetings(org),
        committee=committee(org),
    )
