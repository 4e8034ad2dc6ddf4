from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.core.models.labels import ChoiceLabels


class Unit(models.TextChoices):
    """What one counted unit of a statistic is."""

    PERSON = "person", _("person")
    CASE = "case", _("case")
    PROCEEDING = "proceeding", _("proceeding")
    DEFENDANT = "defendant", _("defendant")
    MEASURE = "measure", _("asset measure")


class ReferenceDate(models.TextChoices):
    """The date that places a counted unit in a period."""

    IDENTIFICATION = "identification", _("date of first contact (identification)")
    PERMIT_START = "permit_start", _("first day of the reflection period or permit")
    FOLLOW_UP = "follow_up", _("date of the follow-up visit")
    REPORT = "report", _("date the offence was reported")
    ARREST = "arrest", _("date of arrest")
    INDICTMENT = "indictment", _("date of indictment")
    FIRST_VERDICT = "first_verdict", _("date of the first-instance verdict")
    APPEAL = "appeal", _("date of the appeal")
    FINAL_DECISION = "final_decision", _("date of the final decision")
    MEASURE = "measure", _("date of the measure (seizure, order or payment)")


class Definition(ChoiceLabels, models.Model):
    """One version of the agreed definition of a published statistic. Versions are only ever
    added (publication.domain.services.define): every table, download and report names the
    code and version it used, so an old figure keeps the definition it was counted by."""

    code = models.CharField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("version"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_sq = models.CharField(_("title (Albanian)"), max_length=200)
    unit = models.CharField(_("counting unit"), max_length=16, choices=Unit.choices)
    reference_date = models.CharField(
        _("reference date"), max_length=24, choices=ReferenceDate.choices
    )
    inclusion_en = models.TextField(_("inclusion rule (English)"))
    inclusion_sq = models.TextField(_("inclusion rule (Albanian)"))
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["code", "version"]
        verbose_name = _("statistical definition")
        verbose_name_plural = _("statistical definitions")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="definition_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    def title(self, lang: str) -> str:
        return self.title_sq if lang == "sq" else self.title_en

    def inclusion(self, lang: str) -> str:
        return self.inclusion_sq if lang == "sq" else self.inclusion_en
