from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.core.models.labels import ChoiceLabels


class Unit(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENT = "percent", _("Per cent")
    YES_NO = "yes_no", _("Yes or no")


class Disaggregation(models.TextChoices):
    SEX = "sex", _("Sex")
    AGE_BAND = "age_band", _("Age band")
    QARK = "qark", _("Region (qark)")
    EXPLOITATION = "exploitation", _("Form of exploitation")


class Indicator(ChoiceLabels, models.Model):
    """A measure of an aim, objective or activity, with baseline and target."""

    node = models.ForeignKey(
        "plans.PlanNode", on_delete=models.PROTECT, related_name="indicator_set"
    )
    position = models.PositiveSmallIntegerField(default=1)
    name = models.TextField(_("indicator"))
    name_sq = models.TextField(_("indicator (Albanian)"), blank=True)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    computation = models.CharField(
        _("computed by"),
        max_length=64,
        blank=True,
        help_text=_("A registered computation fills the values; empty means entered by hand."),
    )
    source = models.CharField(_("source of data"), max_length=255, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["node__plan", "node__position", "position"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["node", "position"], name="indicator_position_once")
        ]

    def __str__(self) -> str:
        return f"{self.node} #{self.position}"


class IndicatorValue(ChoiceLabels, models.Model):
    """The value of an indicator for a period, whole or for one disaggregation cell."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    period = models.ForeignKey(
        "monitoring.ReportingPeriod", on_delete=models.PROTECT, related_name="indicator_values"
    )
    # "" for the whole; otherwise "dimension=value" (e.g. "sex=female"), one cell per row.
    cell = models.CharField(_("disaggregation cell"), max_length=64, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    computed = models.BooleanField(_("computed"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"), auto_now=True)

    class Meta:
        ordering = ["indicator", "period__year", "period__quarter", "cell"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "cell"], name="indicator_value_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period} {self.cell or '-'} = {self.value}"
