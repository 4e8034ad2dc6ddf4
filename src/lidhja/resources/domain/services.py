"""Annual resource plans and the exchange-rate table."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.accounts.domain.permissions import can
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.monitoring.models import FundingSource
from lidhja.organisations.models import Organisation
from lidhja.plans.models import Level, PlanNode
from lidhja.resources.models import ExchangeRate, ResourcePlanLine


@transaction.atomic
def plan_resources(
    *,
    year: int,
    organisation: Organisation,
    node: PlanNode,
    funding_source: str,
    amount: Decimal,
    currency: str,
    by: User,
    donor: Organisation | None = None,
) -> ResourcePlanLine:
    """Record (or change) what `organisation` plans to spend on `node` in `year`."""
    if not can(by, "resources.plan", organisation):
        raise PermissionDenied(_("You may not plan resources for this organisation."))
    errors = {}
    if node.level != Level.ACTIVITY:
        errors["node"] = _("Resources are planned for activities.")
    elif not node.agency_links.filter(organisation=organisation).exists():
        errors["node"] = _("This organisation is not responsible for this activity.")
    if funding_source == FundingSource.DONOR and donor is None:
        errors["donor"] = _("Name the donor.")
    if not node.plan.start_year - 1 <= year <= node.plan.end_year + 10:
        errors["year"] = _("The year is outside the plan's period.")
    if errors:
        raise ValidationError(errors)
    line, created = ResourcePlanLine.objects.select_for_update(of=("self",)).get_or_create(
        year=year,
        organisation=organisation,
        node=node,
        funding_source=funding_source,
        donor=donor if funding_source == FundingSource.DONOR else None,
        defaults={"amount": amount, "currency": currency, "entered_by": by},
    )
    before = None if created else f"{line.amount} {line.currency}"
    if not created:
        line.amount, line.currency, line.entered_by = amount, currency, by
        line.version += 1
    line.full_clean()
    line.save()
    audit.record(
        "resources.planned",
        actor=by,
        obj=line,
        changes={"amount": [before, f"{amount} {currency}"]},
    )
    return line


@transaction.atomic
def set_rate(year: int, currency: str, lek: Decimal, *, by: User) -> ExchangeRate:
    if not can(by, "resources.rates"):
        raise PermissionDenied(_("You may not change exchange rates."))
    rate, _created = ExchangeRate.objects.update_or_create(
        year=year, currency=currency, defaults={"lek": lek}
    )
    rate.full_clean()
    audit.record("resources.rate_set", actor=by, obj=rate, changes={"lek": str(lek)})
    return rate
