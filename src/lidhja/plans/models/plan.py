"""Plans as trees: chapter > strategic aim > specific objective > activity > sub-activity."""

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.core.bilingual import display_text
from lidhja.core.models.labels import ChoiceLabels

if TYPE_CHECKING:
    from lidhja.organisations.models import Organisation


class Chapter(models.TextChoices):
    PROSECUTION = "prosecution", _("Prosecution and criminal justice")
    PROTECTION = "protection", _("Protection")
    PREVENTION = "prevention", _("Prevention")
    COORDINATION = "coordination", _("Coordination")


class Level(models.TextChoices):
    AIM = "aim", _("Strategic aim")
    OBJECTIVE = "objective", _("Specific objective")
    ACTIVITY = "activity", _("Activity")


class TimelineStatus(models.TextChoices):
    PARSED = "parsed", _("Understood")
    FLAGGED = "flagged", _("Needs a person to fix")
    CORRECTED = "corrected", _("Set by hand")
    NONE = "none", _("No timeline")


class AgencyRole(models.TextChoices):
    LEAD = "lead", _("Lead agency")
    PARTNER = "partner", _("Partner agency")


class Plan(ChoiceLabels, models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    title = models.CharField(_("title (English)"), max_length=255)
    title_sq = models.CharField(_("title (Albanian)"), max_length=255, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    source = models.CharField(_("source"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-start_year", "code"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return display_text(self, "title").text


# The human text of a plan item that may have an Albanian translation (`<field>_sq`). The
# agencies and timeline "as printed" and the transcription note stay as the source has them.
TRANSLATED = ("text", "indicators", "targets", "outputs", "resources")


class PlanNode(ChoiceLabels, models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="nodes")
    chapter = models.CharField(_("chapter"), max_length=16, choices=Chapter.choices)
    code = models.CharField(_("number"), max_length=32)
    printed_code = models.CharField(
        _("number as printed"),
        max_length=32,
        blank=True,
        help_text=_("Only where the source document prints a different (duplicate) number."),
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    depth = models.PositiveSmallIntegerField(_("depth"))
    position = models.PositiveIntegerField(_("position in the plan"))
    text = models.TextField(_("text"))
    indicators = models.TextField(_("indicators"), blank=True)
    targets = models.TextField(_("targets"), blank=True)
    # Albanian translations of the human text (TRANSLATED); empty: not translated yet.
    text_sq = models.TextField(_("text (Albanian)"), blank=True)
    indicators_sq = models.TextField(_("indicators (Albanian)"), blank=True)
    targets_sq = models.TextField(_("targets (Albanian)"), blank=True)
    outputs_sq = models.TextField(_("output indicators and targets (Albanian)"), blank=True)
    resources_sq = models.TextField(_("resources (Albanian)"), blank=True)
    agencies_text = models.TextField(_("responsible agencies (as printed)"), blank=True)
    timeline_text = models.TextField(_("timeline (as printed)"), blank=True)
    outputs = models.TextField(_("output indicators and targets"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    note = models.TextField(_("note"), blank=True)
    unrecovered = models.BooleanField(_("text not recovered from the source"), default=False)
    due_start = models.DateField(_("due window start"), null=True, blank=True)
    due_end = models.DateField(_("due date"), null=True, blank=True)
    recurrence = models.CharField(_("recurrence"), max_length=64, blank=True)
    timeline_status = models.CharField(
        _("timeline status"), max_length=16, choices=TimelineStatus.choices
    )
    timeline_problem = models.CharField(_("timeline problem"), max_length=255, blank=True)
    timeline_parts = models.JSONField(_("timeline parts"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Agency links in display order, attached by the plan queries (not a column).
    agencies: list

    organisations: "models.ManyToManyField[Organisation, NodeAgency]" = models.ManyToManyField(
        "organisations.Organisation", through="NodeAgency", related_name="plan_nodes"
    )

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "chapter", "code"], name="plan_node_unique_code"
            ),
            models.UniqueConstraint(fields=["plan", "position"], name="plan_node_unique_position"),
        ]
        indexes = [models.Index(fields=["plan", "due_end"]), models.Index(fields=["plan", "level"])]

    def __str__(self) -> str:
        return f"{self.get_chapter_display()} {self.code}"

    @property
    def is_sub_activity(self) -> bool:
        return self.level == Level.ACTIVITY and self.depth > 2


class NodeAgency(ChoiceLabels, models.Model):
    node = models.ForeignKey(PlanNode, on_delete=models.CASCADE, related_name="agency_links")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="node_links"
    )
    role = models.CharField(_("role"), max_length=16, choices=AgencyRole.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["node", "role", "position"]
        constraints = [
            models.UniqueConstraint(fields=["node", "organisation"], name="node_agency_once"),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.node} – {self.organisation.code} ({self.role})"
