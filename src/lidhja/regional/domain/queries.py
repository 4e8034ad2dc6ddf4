"""Reading assessments: the committees, who sees which, and the list of committees by
half-year with what is missing or overdue."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from lidhja.accounts.domain.errors import NotFound
from lidhja.accounts.domain.permissions import Scope, Someone, can, scope_of
from lidhja.accounts.models import User
from lidhja.monitoring.models import ReportingPeriod
from lidhja.organisations.models import Level, Organisation
from lidhja.regional.domain.halves import Half
from lidhja.regional.models import Assessment, AssessmentStatus

RCAT_PREFIX = "RCAT-"
SUBMITTED = (AssessmentStatus.SUBMITTED, AssessmentStatus.ACCEPTED)
OPEN = (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)


def rcats() -> QuerySet[Organisation]:
    """The regional committees: one per qark (RCAT-XX), not the class "all RCATs"."""
    return Organisation.objects.filter(
        code__startswith=RCAT_PREFIX, level=Level.REGIONAL, collective=False
    ).exclude(qark="")


def is_rcat(organisation: Organisation) -> bool:
    return (
        organisation.code.startswith(RCAT_PREFIX)
        and organisation.level == Level.REGIONAL
        and not organisation.collective
        and bool(organisation.qark)
    )


def visible_rcats(user: Someone) -> QuerySet[Organisation]:
    scope = scope_of(user, "regional.view")
    if scope is Scope.ALL:
        return rcats().order_by("code")
    if scope is Scope.OWN and isinstance(user, User) and user.organisation_id is not None:
        return rcats().filter(pk=user.organisation_id)
    return rcats().none()


def rcat_for_user(user: Someone, code: str) -> Organisation:
    """The committee `code` if `user` may see its assessments; NotFound (404) otherwise, for
    another committee exactly as for a missing one."""
    organisation = visible_rcats(user).filter(code=code.upper()).first()
    if organisation is None:
        raise NotFound(code)
    return organisation


def assessment_of(organisation: Organisation, half: Half) -> Assessment | None:
    return Assessment.objects.filter(
        organisation=organisation, year=half.year, half=half.half
    ).first()


def is_overdue(half: Half, assessment: Assessment | None, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return today > half.due and (assessment is None or assessment.status in OPEN)


@dataclass(frozen=True)
class Slot:
    organisation: Organisation
    half: Half
    assessment: Assessment | None
    overdue: bool


def grid(user: Someone, year: int) -> list[list[Slot]]:
    """The committees `user` sees, each with its two half-years of `year` (in two queries)."""
    committees = list(visible_rcats(user))
    halves = [Half(year, 1), Half(year, 2)]
    found = {
        (a.organisation_id, a.half): a
        for a in Assessment.objects.filter(organisation__in=committees, year=year)
    }
    today = timezone.localdate()
    return [
        [
            Slot(
                org,
                half,
                found.get((org.pk, half.half)),
                is_overdue(half, found.get((org.pk, half.half)), today),
            )
            for half in halves
        ]
        for org in committees
    ]


def default_year() -> int:
    """The latest year with an assessment or a reporting period, else this year."""
    years = [
        Assessment.objects.order_by("-year").values_list("year", flat=True).first(),
        ReportingPeriod.objects.order_by("-year").values_list("year", flat=True).first(),
    ]
    known = [year for year in years if year is not None]
    return max(known) if known else timezone.localdate().year


def may_write(user: Someone, organisation: Organisation) -> bool:
    return can(user, "regional.write", organisation)


def may_review(user: Someone) -> bool:
    return can(user, "regional.review")
