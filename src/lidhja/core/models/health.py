from django.db import models
from django.utils.translation import gettext_lazy as _


class HealthProbe(models.Model):
    """`/healthz` inserts a row here and rolls it back: proof that the database takes writes.
    The table stays empty."""

    checked_at = models.DateTimeField()

    class Meta:
        verbose_name = _("health probe")

    def __str__(self) -> str:
        return f"health probe {self.checked_at:%Y-%m-%d %H:%M}"
