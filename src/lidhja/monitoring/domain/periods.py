"""Quarterly reporting periods."""

import re
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.accounts.domain.permissions import can
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.monitoring.models import ReportingPeriod

CODE_RE = re.compile(r"^(\d{4})Q([1-4])$")


class BadPeriod(ValueError):
    pass


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    next_start = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, next_start - timedelta(days=1)


def parse_code(code: str) -> tuple[int, int]:
    match = CODE_RE.match(code.strip().upper())
    if not match:
        raise BadPeriod(f"{code!r} is not a period such as 2009Q1")
    return int(match.group(1)), int(match.group(2))


@transaction.atomic
def ensure_period(code: str) -> ReportingPeriod:
    """The period of `code`, created with the default due date if it does not exist yet."""
    year, quarter = parse_code(code)
    start, end = quarter_bounds(year, quarter)
    period, _ = ReportingPeriod.objects.get_or_create(
        year=year,
        quarter=quarter,
        defaults={
            "code": f"{year}Q{quarter}",
            "start": start,
            "end": end,
            "due_date": end + timedelta(days=settings.LIDHJA_REPORT_DUE_DAYS),
        },
    )
    return period


def ensure_periods(first_year: int, last_year: int) -> list[ReportingPeriod]:
    return [
        ensure_period(f"{year}Q{quarter}")
        for year in range(first_year, last_year + 1)
        for quarter in range(1, 5)
    ]


@transaction.atomic
def set_due_date(period: ReportingPeriod, due_date: date, *, by: User) -> ReportingPeriod:
    """ONAC moves a period's due date (it must fall after the quarter ends)."""
    if not can(by, "monitoring.review"):
        raise PermissionDenied(_("You may not change reporting periods."))
    if due_date <= period.end:
        raise ValidationError({"due_date": _("The due date must fall after the quarter ends.")})
    before = period.due_date
    period.due_date = due_date
    period.save(update_fields=["due_date"])
    audit.record(
        "monitoring.due_date_set", actor=by, obj=period, changes={"due_date": [before, due_date]}
    )
    return period
