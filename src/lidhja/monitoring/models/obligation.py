from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.core.models.labels import ChoiceLabels
from lidhja.plans.models import AgencyRole


class Obligation(ChoiceLabels, models.Model):
    """An organisation owes a report on an activity for a period (derived from the plan)."""

    period = models.ForeignKey(
        "monitoring.ReportingPeriod", on_delete=models.PROTECT, related_name="obligations"
    )
    node = models.ForeignKey("plans.PlanNode", on_delete=models.PROTECT, related_name="obligations")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="obligations"
    )
    role = models.CharField(_("role"), max_length=16, choices=AgencyRole.choices)
    # The class of actors the plan names, when the organisation owes as one of its members.
    via = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("as a member of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="member_obligations",
    )

    # In a merge of two organisations that owe the same report, the merged one's obligation
    # is dropped while no report was started on it (organisations.domain.merging).
    MERGE_DROPS_DUPLICATE = models.Q(report__isnull=True)

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
