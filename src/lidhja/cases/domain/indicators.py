"""Plan indicators the referral mechanism computes (indicators.domain.computations). Each is
an aggregate: a count or share below the publication threshold is not produced at all.

"cases.identified_victims" is computed by publication.domain.indicators, from the published
statistics' own cells."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from lidhja.cases.models import CarePlan, FollowUpVisit, Referral
from lidhja.cases.models.choices import PlanKind, ReferralStatus
from lidhja.indicators.domain.computations import percent, register
from lidhja.indicators.domain.seed import SYSTEM
from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Plan


def _published(count: int) -> bool:
    return count >= settings.LIDHJA_PUBLICATION_THRESHOLD


@register(
    "cases.referrals_accepted",
    _("Per cent of referrals sent in the period that were accepted"),
    "percent",
)
def referrals_accepted(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    sent = Referral.objects.filter(sent_at__date__range=(period.start, period.end))
    total = sent.count()
    if not _published(total):
        return None
    accepted = sent.filter(
        status__in=[ReferralStatus.ACCEPTED, ReferralStatus.STARTED, ReferralStatus.COMPLETED]
    ).count()
    return percent(accepted, total)


@register(
    "cases.employed_a_year_after_reintegration",
    _("Per cent of reintegrated persons employed one year after reintegration"),
    "percent",
)
def employed_a_year_after(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    """Of the persons reintegrated at least a year before the period ends and visited a year
    or more after reintegration, the share employed at the latest such visit."""
    year = timedelta(days=365)
    plans = (
        CarePlan.objects.filter(kind=PlanKind.REINTEGRATION, reintegrated_on__lte=period.end - year)
        .values("case_id")
        .annotate(reintegrated=Max("reintegrated_on"))
    )
    employed = total = 0
    for row in plans:
        visit = (
            FollowUpVisit.objects.filter(
                case_id=row["case_id"],
                visited_on__gte=row["reintegrated"] + year,
                visited_on__lte=period.end,
            )
            .order_by("-visited_on", "-id")
            .first()
        )
        if visit is None:
            continue
        total += 1
        employed += visit.employed
    return percent(employed, total) if _published(total) else None


# They measure the victim database of Protection 1.(b).6.1, where the seed attaches them.
SYSTEM.setdefault(("protection", "1.(b).6.1"), []).extend(
    [
        "cases.identified_victims",
        "cases.referrals_accepted",
        "cases.employed_a_year_after_reintegration",
    ]
)
