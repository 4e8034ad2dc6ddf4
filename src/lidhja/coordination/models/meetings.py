"""Meetings of a body: attendance per member organisation, minutes (a sealed private file) and
decisions followed up to closure."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.core.figures import day
from lidhja.core.models.labels import ChoiceLabels
from lidhja.monitoring.models.evidence import private_storage


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(ChoiceLabels, models.Model):
    body = models.ForeignKey("coordination.Body", on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default="planned"
    )
    minutes = models.FileField(storage=private_storage, upload_to="minutes/%Y/", blank=True)
    minutes_name = models.CharField(_("file name"), max_length=255, blank=True)
    minutes_type = models.CharField(max_length=100, blank=True)
    minutes_sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["body", "status", "date"])]

    def __str__(self) -> str:
        return f"{self.body_id} {day(self.date, short=True)}"


class Attendance(ChoiceLabels, models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    presence = models.CharField(_("attendance"), max_length=16, choices=Presence.choices)

    class Meta:
        ordering = ["organisation__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"], name="coordination_one_attendance"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.organisation_id} {self.presence}"


class Decision(ChoiceLabels, models.Model):
    """A follow-up action decided at a meeting, owned by an organisation, open until done or
    cancelled with a closing note; overdue when open past its due date."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    text = models.TextField(_("decision"))
    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="body_decisions",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=DecisionStatus.choices, default="open"
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.text[:40]}"
