from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.core.models.labels import ChoiceLabels


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for changes")


class Direction(models.TextChoices):
    INCREASING = "increasing", _("Increasing")
    STABLE = "stable", _("Stable")
    DECREASING = "decreasing", _("Decreasing")
    UNKNOWN = "unknown", _("Not known")


class Likelihood(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Priority(models.TextChoices):
    HIGH = "high", _("High priority")
    MEDIUM = "medium", _("Medium priority")
    LOW = "low", _("Low priority")


class Adequacy(models.TextChoices):
    SUFFICIENT = "sufficient", _("Sufficient")
    INSUFFICIENT = "insufficient", _("Insufficient")
    MISSING = "missing", _("Missing")


class Assessment(ChoiceLabels, models.Model):
    """A regional committee's situation assessment of its qark for one half-year, and its
    review by ONAC. The sections' rows are kept as JSON, validated by
    regional.domain.sections; the cases table is frozen into `computed` at submission."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("half-year"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    trends_text = models.TextField(_("trends"), blank=True)
    trends = models.JSONField(_("direction of each trend"), default=dict, blank=True)
    risks = models.JSONField(_("risks"), default=list, blank=True)
    resources = models.JSONField(_("resources"), default=list, blank=True)
    needs = models.JSONField(_("needs"), default=list, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    # The cases table as submitted: shown counts, and None for each suppressed cell. The
    # counts behind a suppressed cell are never stored here.
    computed = models.JSONField(_("cases by municipality, as submitted"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["-year", "-half", "organisation__code"]
        verbose_name = _("situation assessment")
        verbose_name_plural = _("situation assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "half"], name="assessment_once_per_half"
            ),
            models.CheckConstraint(
                condition=models.Q(half__gte=1, half__lte=2), name="assessment_half_1_2"
            ),
        ]
        indexes = [models.Index(fields=["year", "half", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation.code} {self.year}H{self.half} ({self.status})"

    @property
    def half_code(self) -> str:
        return f"{self.year}H{self.half}"


class AssessmentEvent(ChoiceLabels, models.Model):
    """Every transition of an assessment, with who made it and why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=16, choices=AssessmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=AssessmentStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("assessment event")
        verbose_name_plural = _("assessment events")

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.from_status or '-'} → {self.to_status}"
