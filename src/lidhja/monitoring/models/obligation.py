from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.plans.models import AgencyRole


class Obligation(models.Model):
    """An organisation owes a report on an activity for a period (derived from the plan)."""

    period = models.ForeignKey(
        "monitoring.ReportingPeriod", on_delete=models.PROTECT, related_name="obligations"
    )
    node = models.ForeignKey("plans.PlanNode", on_delete=models.PROTECT, related_name="obligations")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="obligations"
    )
    role = models.CharField(_("role"), max_length=16, choices=AgencyRole.choices)

    class Meta:
        ordering = ["period", "node__position", "role", "organisation__code"]
        verbose_name = _("reporting obligation")
        verbose_name_plural = _("reporting obligations")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "node", "organisation"], name="obligation_once"
            )
        ]
        indexes = [models.Index(fields=["period", "organisation"])]

    def __str__(self) -> str:
        return f"{self.period} {self.node} {self.organisation.code}"

    @property
    def report_or_none(self):
        try:
            return self.report
        except ObjectDoesNotExist:
            return None
