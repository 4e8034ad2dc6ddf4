from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.core.models.labels import ChoiceLabels
from lidhja.monitoring.models import Currency, FundingSource


class ExchangeRate(ChoiceLabels, models.Model):
    """How many lek one unit of a currency was worth in a year (for totals in ALL)."""

    year = models.PositiveSmallIntegerField(_("year"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    lek = models.DecimalField(
        _("lek per unit"),
        max_digits=12,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001"))],
    )

    class Meta:
        ordering = ["year", "currency"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [models.UniqueConstraint(fields=["year", "currency"], name="rate_once")]

    def __str__(self) -> str:
        return f"{self.year} {self.currency} = {self.lek} ALL"


class ResourcePlanLine(ChoiceLabels, models.Model):
    """Money an organisation plans for an activity in a year, from one funding source."""

    year = models.PositiveSmallIntegerField(_("year"))
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="resource_lines"
    )
    node = models.ForeignKey(
        "plans.PlanNode", on_delete=models.PROTECT, related_name="resource_lines"
    )
    funding_source = models.CharField(
        _("funding source"), max_length=16, choices=FundingSource.choices
    )
    donor = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("donor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donor_resource_lines",
    )
    amount = models.DecimalField(
        _("planned amount"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default="ALL"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["year", "node__position", "organisation__code"]
        verbose_name = _("resource plan line")
        verbose_name_plural = _("resource plan lines")
        # One line per year, organisation, activity and source (and donor, for donor money).
        # Two partial constraints, as SQLite has no NULLS NOT DISTINCT.
        constraints = [
            models.UniqueConstraint(
                fields=["year", "organisation", "node", "funding_source"],
                condition=models.Q(donor__isnull=True),
                name="resource_line_once",
            ),
            models.UniqueConstraint(
                fields=["year", "organisation", "node", "funding_source", "donor"],
                condition=models.Q(donor__isnull=False),
                name="resource_line_once_per_donor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.organisation.code} {self.node} {self.amount} {self.currency}"
