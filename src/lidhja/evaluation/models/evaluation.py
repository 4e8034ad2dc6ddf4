from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.core.models.labels import ChoiceLabels
from lidhja.monitoring.models.evidence import private_storage


class Rating(models.TextChoices):
    HIGHLY_SATISFACTORY = "highly_satisfactory", _("Highly satisfactory")
    SATISFACTORY = "satisfactory", _("Satisfactory")
    PARTLY_SATISFACTORY = "partly_satisfactory", _("Partly satisfactory")
    UNSATISFACTORY = "unsatisfactory", _("Unsatisfactory")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class Evaluation(ChoiceLabels, models.Model):
    """An evaluation of an activity: who evaluated, when, what was found."""

    node = models.ForeignKey("plans.PlanNode", on_delete=models.PROTECT, related_name="evaluations")
    evaluator = models.CharField(_("evaluator"), max_length=255)
    evaluated_on = models.DateField(_("date"))
    findings = models.TextField(_("findings"))
    rating = models.CharField(_("rating"), max_length=32, choices=Rating.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(storage=private_storage, upload_to="evaluations/%Y/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_type = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-evaluated_on", "pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.node} {self.evaluated_on}"


class RemedialAction(ChoiceLabels, models.Model):
    """Something to put right, with an owner and a due date, tracked until closed."""

    node = models.ForeignKey(
        "plans.PlanNode", on_delete=models.PROTECT, related_name="remedial_actions"
    )
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="remedial_actions",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_note = models.TextField(_("how it was resolved"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["status", "due_date", "pk"]
        verbose_name = _("remedial action")
        verbose_name_plural = _("remedial actions")

    def __str__(self) -> str:
        return f"{self.node}: {self.description[:40]}"
