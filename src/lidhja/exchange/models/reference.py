from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReferenceImport(models.Model):
    """One import of a published data file into a reference series (`series`, e.g.
    "unodc-glotip"). A series holds the values of its last import only: importing again
    replaces them whole, and the earlier import is kept as a record, marked replaced."""

    series = models.SlugField(_("series"), max_length=32)
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("reference import")
        verbose_name_plural = _("reference imports")
        constraints = [
            # One current import per series: two imports at once cannot both become current.
            models.UniqueConstraint(
                fields=["series"], condition=Q(replaced_at__isnull=True), name="one_current_import"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.file_name}"


class ReferenceValue(models.Model):
    """One published value, as the publisher wrote it: `text` keeps "<5" as "<5"; `value`
    holds the number only where the text is one. Keyed by (iso3, indicator, dimension,
    category, sex, age, year, unit, source) and its row in the file: the publisher's file
    repeats some keys (see exchange.domain.reference)."""

    batch = models.ForeignKey(ReferenceImport, on_delete=models.CASCADE, related_name="values")
    row = models.PositiveIntegerField(_("row in the file"))
    iso3 = models.CharField(_("country code"), max_length=3, blank=True)
    country = models.CharField(_("country"), max_length=255)
    region = models.CharField(_("region"), max_length=255, blank=True)
    subregion = models.CharField(_("sub-region"), max_length=255, blank=True)
    indicator = models.CharField(_("indicator"), max_length=255)
    dimension = models.CharField(_("dimension"), max_length=255)
    category = models.CharField(_("category"), max_length=255, blank=True)
    sex = models.CharField(_("sex"), max_length=255)
    age = models.CharField(_("age"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.CharField(_("unit of measurement"), max_length=255)
    text = models.CharField(_("published value"), max_length=32)
    value = models.DecimalField(
        _("numeric value"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=255)

    class Meta:
        ordering = ["batch", "row"]
        verbose_name = _("reference value")
        verbose_name_plural = _("reference values")
        indexes = [models.Index(fields=["batch", "iso3", "year"])]
        constraints = [
            models.UniqueConstraint(fields=["batch", "row"], name="reference_value_row_once")
        ]

    def __str__(self) -> str:
        return f"{self.iso3} {self.year} {self.indicator}: {self.text}"
