from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.core.models.labels import ChoiceLabels


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class StoredDocument(ChoiceLabels, models.Model):
    """A monitoring document (quarterly report, mid-term report, report card) made by a
    background task and kept as a sealed private file. `key` names the document and the
    generation of the data it was made from, so a request for the same document is served the
    stored file until the data change."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=16)
    fmt = models.CharField(max_length=8)
    lang = models.CharField(max_length=8)
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(
        "monitoring.ReportingPeriod", on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    generation = models.BigIntegerField()
    status = models.CharField(
        max_length=8, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    file = models.CharField(max_length=255, blank=True)  # under the private files folder
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")

    def __str__(self) -> str:
        return self.filename

    @property
    def series(self) -> str:
        """The key without its generation: the same document of older data."""
        return self.key.rsplit(":", 1)[0]
