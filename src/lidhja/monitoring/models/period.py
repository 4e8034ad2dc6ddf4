from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportingPeriod(models.Model):
    """A calendar quarter in which every responsible agency reports on its activities."""

    code = models.CharField(_("period"), max_length=8, unique=True)  # e.g. 2009Q1
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    due_date = models.DateField(_("reports due"))

    class Meta:
        ordering = ["year", "quarter"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="period_once"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="period_quarter_1_4"
            ),
        ]

    def __str__(self) -> str:
        return self.code
