from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.core.models.labels import ChoiceLabels


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for changes")


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    DELAYED = "delayed", _("Delayed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    NOT_APPLICABLE = "not_applicable", _("Not applicable this period")


class Currency(models.TextChoices):
    ALL = "ALL", _("Albanian lek (ALL)")
    EUR = "EUR", _("Euro (EUR)")
    USD = "USD", _("US dollar (USD)")


class FundingSource(models.TextChoices):
    STATE = "state", _("State budget")
    LOCAL = "local", _("Local government budget")
    DONOR = "donor", _("Donor")
    OTHER = "other", _("Other")


class ProgressReport(ChoiceLabels, models.Model):
    """An agency's report on one activity for one period, and its review by ONAC."""

    obligation = models.OneToOneField(
        "monitoring.Obligation", on_delete=models.PROTECT, related_name="report"
    )
    status = models.CharField(
        _("report status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    implementation_status = models.CharField(
        _("implementation status"), max_length=16, choices=ImplementationStatus.choices
    )
    narrative = models.TextField(_("progress narrative"), blank=True)
    outputs_achieved = models.TextField(_("outputs achieved against the targets"), blank=True)
    expenditure = models.DecimalField(
        _("expenditure in the period"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.ALL
    )
    funding_source = models.CharField(
        _("funding source"), max_length=16, choices=FundingSource.choices, blank=True
    )
    donor = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("donor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_reports",
    )
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    # The calendar day of the first submission where the system runs: timeliness compares it
    # with the period's due date without a time-zone conversion per row.
    submitted_on = models.DateField(_("first submitted on"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        indexes = [
            models.Index(fields=["status"]),
            # The reports waiting for review in the order they came (the next one to review).
            models.Index(fields=["status", "last_submitted_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expenditure__isnull=True) | models.Q(expenditure__gte=0),
                name="report_expenditure_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.obligation} ({self.status})"


class ReportEvent(ChoiceLabels, models.Model):
    """Every transition of a report, with who made it and why."""

    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=16, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ReportStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_status or '-'} → {self.to_status}"
