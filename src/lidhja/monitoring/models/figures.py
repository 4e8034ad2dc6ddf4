from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFigures(models.Model):
    """Figures computed once and kept until the data they are made from change
    (monitoring.domain.figures). One row per key, overwritten when renewed; the generation is
    that of the areas the figures are made from, read before the data."""

    key = models.CharField(max_length=200, unique=True)
    generation = models.BigIntegerField()
    value = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stored figures")
        verbose_name_plural = _("stored figures")

    def __str__(self) -> str:
        return f"{self.key} @ {self.generation}"
