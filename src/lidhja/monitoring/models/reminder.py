from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.core.models.labels import ChoiceLabels


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Reports due soon")
    OVERDUE = "overdue", _("Reports overdue")


class Reminder(ChoiceLabels, models.Model):
    """A reminder to an organisation's focal points who read one language: queued, then sent
    (the outbox)."""

    period = models.ForeignKey(
        "monitoring.ReportingPeriod", on_delete=models.PROTECT, related_name="reminders"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    # The language of the message: one reminder per language its recipients read.
    language = models.CharField(_("language"), max_length=8)
    recipients = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"))
    outstanding = models.PositiveIntegerField(_("reports outstanding"))
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-queued_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "organisation", "kind", "language"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.organisation.code} {self.kind}"
