from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OffenceTable(models.Model):
    """One version of the table of offences that ONAC maintains. A version is edited while it
    is a draft; once published it is in force from `valid_from` until a later published
    version takes over, and it never changes again, so every proceeding keeps the articles it
    was registered with."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    valid_from = models.DateField(_("in force from"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("table of offences")
        verbose_name_plural = _("tables of offences")

    def __str__(self) -> str:
        return f"v{self.number}"


class Offence(models.Model):
    """An offence of a version of the table, by article of the Penal Code."""

    table = models.ForeignKey(OffenceTable, on_delete=models.PROTECT, related_name="offences")
    article = models.CharField(_("article"), max_length=16)
    title = models.CharField(_("title (English)"), max_length=200)
    title_sq = models.CharField(_("title (Albanian)"), max_length=200)
    # A trafficking offence proper; the others are related offences the proceedings may add.
    trafficking = models.BooleanField(_("trafficking offence"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["table", "position", "article"]
        verbose_name = _("offence")
        verbose_name_plural = _("offences")
        constraints = [
            models.UniqueConstraint(fields=["table", "article"], name="offence_article_once")
        ]

    def __str__(self) -> str:
        return self.article
