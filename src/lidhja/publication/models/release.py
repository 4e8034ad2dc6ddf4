from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Release(models.Model):
    """The published statistics of one period, frozen: what every page, download, report and
    computed indicator of that period shows, now and later (publication.domain.releases).

    `cells` holds what readers see: [table, category, count or null when hidden]. `withheld`
    holds the counts of the hidden cells, which only the decision of a later, overlapping
    period reads (a year is decided with its quarters' cells as they were); nothing renders
    it. `amounts` holds the amounts in lek shown beside shown counts ([table, category,
    "decimal"]); an amount beside a hidden count is never stored."""

    period = models.CharField(_("period"), max_length=8, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    threshold = models.PositiveSmallIntegerField(_("publication threshold"))
    definitions = models.JSONField(_("definitions used"), default=dict)
    cells = models.JSONField(default=list)
    withheld = models.JSONField(default=list)
    amounts = models.JSONField(default=list)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-quarter"]
        verbose_name = _("statistical release")
        verbose_name_plural = _("statistical releases")

    def __str__(self) -> str:
        return self.period
