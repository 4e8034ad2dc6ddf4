"""Victim-side plan indicators computed from the published statistics.

Each reads the frozen cells of the quarter's release (publication.domain.releases): a cell the
release hides is not produced here either, and a quarter not yet published has no value. So an
indicator never shows a count the tables hide, nor one that would give a hidden cell back.
"""

from decimal import Decimal

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lidhja.cases.models.choices import BorderPoint, CaseStatus
from lidhja.indicators.domain.computations import ComputationFunction, percent, register
from lidhja.indicators.domain.seed import SYSTEM
from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Plan
from lidhja.publication.domain.periods import Period
from lidhja.publication.domain.releases import published
from lidhja.publication.domain.tables import ALL, BORDER, PERSONS
from lidhja.publication.models import Release


def cell(period: ReportingPeriod, table: str, category: str) -> int | None:
    """A published cell of the quarter, or None (hidden, or the quarter is unpublished)."""
    release = published(Period(period.year, period.quarter))
    return None if release is None else release.count(table, category)


def _number(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def identified_in_quarter(year: int, quarter: int) -> int | None:
    """Identified victims first contacted in a quarter, as published (None: hidden or not
    published)."""
    release = published(Period(year, quarter))
    return None if release is None else release.count("victims.status", CaseStatus.IDENTIFIED)


@register(
    "cases.identified_victims",
    _("Number of identified victims of trafficking first contacted in the period"),
    "number",
)
def identified_victims(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return _number(identified_in_quarter(period.year, period.quarter))


@register(
    "protection.identified_at_border",
    _("Number of victims of trafficking identified at the border crossing points"),
    "number",
)
def identified_at_border(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return _number(cell(period, *BORDER))


def _at_point(point: str) -> ComputationFunction:
    def compute(plan: Plan, period: ReportingPeriod) -> Decimal | None:
        return _number(cell(period, "victims.border_point", point))

    return compute


def _point_label(point: str) -> str:
    return gettext(
        "Number of victims of trafficking identified at the border crossing point %(point)s"
    ) % {"point": BorderPoint(point).label}


BORDER_POINTS = [value for value in BorderPoint.values if value]
for _point in BORDER_POINTS:
    register(
        f"protection.identified_at_border.{_point}",
        lazy(_point_label, str)(_point),
        "number",
    )(_at_point(_point))


@register(
    "protection.reflection_periods",
    _("Number of trafficked persons granted a reflection period"),
    "number",
)
def reflection_periods(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return _number(cell(period, "protection.reflection", ALL))


@register(
    "protection.re_trafficked",
    _("Number of persons found re-trafficked at a follow-up visit"),
    "number",
)
def re_trafficked(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    return _number(cell(period, "protection.re_trafficked", ALL))


@register(
    "protection.risk_assessed",
    _("Per cent of persons identified in the period who have a risk assessment"),
    "percent",
)
def risk_assessed(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    """From two published cells: persons with a risk assessment, and all persons. Both are
    cells of one line (with + without = persons), so the share gives nothing back that the
    tables hide: it is produced only when both are shown."""
    assessed = cell(period, "victims.risk_assessment", "with")
    persons = cell(period, *PERSONS)
    if assessed is None or persons is None:
        return None
    return percent(assessed, persons)


@register(
    "prosecution.joint_reports",
    _("Number of joint three-monthly statistical reports published for the year so far"),
    "number",
)
def joint_reports(plan: Plan, period: ReportingPeriod) -> Decimal | None:
    """The quarters of the period's year, up to its quarter, whose statistics are published: a
    release is the joint three-monthly report (`lidhja report statistics`) of police,
    prosecution, courts and the referral mechanism (Prosecution 1.(e).1). It counts reports,
    not persons, so nothing is suppressed."""
    return Decimal(
        Release.objects.filter(
            year=period.year, quarter__isnull=False, quarter__lte=period.quarter
        ).count()
    )


# Where the seed plan asks for them (Prosecution 1.(e); Protection 2.(c), 2.(e), 3.(b), aim 4).
for _node, _names in (
    (("prosecution", "1.(e)"), ["prosecution.joint_reports"]),
    (
        ("protection", "2.(c)"),
        [
            "protection.identified_at_border",
            *(f"protection.identified_at_border.{point}" for point in BORDER_POINTS),
        ],
    ),
    (("protection", "2.(e)"), ["protection.reflection_periods"]),
    (("protection", "3.(b)"), ["protection.re_trafficked"]),
    (("protection", "4"), ["protection.risk_assessed"]),
):
    SYSTEM.setdefault(_node, []).extend(_names)
