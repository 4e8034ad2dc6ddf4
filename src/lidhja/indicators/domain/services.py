"""Changes to indicators and their values: by ONAC by hand, or by a registered computation."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lidhja.accounts.domain.actors import SYSTEM, Actor
from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.indicators.domain.computations import REGISTRY
from lidhja.indicators.models import Indicator, IndicatorValue, Unit
from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Plan

DEFINITION_FIELDS = (
    "name",
    "name_sq",
    "unit",
    "baseline",
    "baseline_year",
    "target",
    "target_date",
    "disaggregations",
    "computation",
    "source",
)


def _require(by: Actor) -> None:
    if by is not SYSTEM and not can(by, "indicator.manage"):
        raise PermissionDenied(_("You may not change indicators."))


@transaction.atomic
def update_indicator(indicator: Indicator, *, version: int, by: Actor, **changes: Any) -> Indicator:
    _require(by)
    locked = Indicator.objects.select_for_update(of=("self",)).get(pk=indicator.pk)
    if locked.version != version:
        raise StaleObject(
            _("This indicator was changed by someone else meanwhile. Reload and retry.")
        )
    before = {field: getattr(locked, field) for field in DEFINITION_FIELDS}
    for field, value in changes.items():
        if field not in DEFINITION_FIELDS:
            raise ValidationError({field: _("This field cannot be changed here.")})
        setattr(locked, field, value)
    if locked.computation and locked.computation not in REGISTRY:
        raise ValidationError({"computation": _("No such computation.")})
    locked.full_clean()
    locked.version += 1
    locked.save()
    after = {field: getattr(locked, field) for field in DEFINITION_FIELDS}
    audit.record("indicator.updated", actor=by, obj=locked, changes=audit.diff(before, after))
    return locked


def _check_value(indicator: Indicator, value: Decimal, cell: str) -> None:
    errors = {}
    if indicator.unit == Unit.PERCENT and not Decimal(0) <= value <= Decimal(100):
        errors["value"] = _("A percentage lies between 0 and 100.")
    if indicator.unit == Unit.YES_NO and value not in (Decimal(0), Decimal(1)):
        errors["value"] = _("Enter 1 for yes or 0 for no.")
    if indicator.unit == Unit.NUMBER and value < 0:
        errors["value"] = _("A count cannot be negative.")
    dimension = cell.split("=", 1)[0] if cell else ""
    if cell and ("=" not in cell or dimension not in indicator.disaggregations):
        errors["cell"] = _("This indicator is not broken down by %(dimension)s.") % {
            "dimension": dimension or cell
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def set_value(
    indicator: Indicator,
    period: ReportingPeriod,
    value: Decimal,
    *,
    by: User,
    cell: str = "",
    source: str = "",
    note: str = "",
) -> IndicatorValue:
    """Enter (or correct) a value by hand; computed indicators refuse hand-entered values."""
    _require(by)
    if indicator.computation:
        raise ValidationError({"value": _("This indicator is computed by the system.")})
    _check_value(indicator, value, cell)
    row, created = IndicatorValue.objects.select_for_update(of=("self",)).get_or_create(
        indicator=indicator,
        period=period,
        cell=cell,
        defaults={"value": value, "source": source, "note": note, "entered_by": by},
    )
    before = None if created else str(row.value)
    if not created:
        row.value, row.source, row.note, row.entered_by = value, source, note, by
        row.save()
    audit.record(
        "indicator.value_set",
        actor=by,
        obj=indicator,
        changes={"period": period.code, "cell": cell, "value": [before, str(value)]},
    )
    return row


@transaction.atomic
def compute_values(plan: Plan, period: ReportingPeriod, *, by: Actor) -> int:
    """Fill the values of every computed indicator of `plan` for `period`. A value that is
    not published now (below the threshold, or hidden as a complement since it was last
    computed) removes the one computed before: a stored figure never outlives its suppression."""
    _require(by)
    written = 0
    for indicator in Indicator.objects.filter(node__plan=plan).exclude(computation=""):
        value = REGISTRY[indicator.computation].function(plan, period)
        stored = IndicatorValue.objects.filter(indicator=indicator, period=period, cell="")
        if value is None:
            stored.filter(computed=True).delete()
            continue
        IndicatorValue.objects.update_or_create(
            indicator=indicator,
            period=period,
            cell="",
            defaults={
                "value": value,
                "computed": True,
                "source": "Lidhja",
                "entered_by": by if isinstance(by, User) else None,
            },
        )
        written += 1
    audit.record(
        "indicator.values_computed",
        actor=by,
        obj=period,
        changes={"plan": plan.code, "values": written},
    )
    return written
