from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    STATE = "state", _("State body")
    NGO = "ngo", _("Non-governmental organisation")
    IO = "io", _("International organisation")
    DONOR = "donor", _("Donor")
    OTHER = "other", _("Other")


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    LOCAL = "local", _("Local")


class Qark(models.TextChoices):
    """The twelve qarks (regions) of Albania."""

    BERAT = "berat", "Berat"
    DIBER = "diber", "Dibër"
    DURRES = "durres", "Durrës"
    ELBASAN = "elbasan", "Elbasan"
    FIER = "fier", "Fier"
    GJIROKASTER = "gjirokaster", "Gjirokastër"
    KORCE = "korce", "Korçë"
    KUKES = "kukes", "Kukës"
    LEZHE = "lezhe", "Lezhë"
    SHKODER = "shkoder", "Shkodër"
    TIRANE = "tirane", "Tiranë"
    VLORE = "vlore", "Vlorë"


class Organisation(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=32, blank=True)
    name = models.CharField(_("name (English)"), max_length=255)
    name_sq = models.CharField(_("name (Albanian)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    qark = models.CharField(_("qark"), max_length=16, choices=Qark.choices, blank=True)
    collective = models.BooleanField(
        _("class of actors"),
        default=False,
        help_text=_("Stands for a class of actors (for example all NGOs), not one body."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return f"{self.short_name} – {self.display_name}"

    @property
    def short_name(self) -> str:
        return self.abbreviation or self.code

    @property
    def display_name(self) -> str:
        if self.name_sq and (get_language() or "").startswith("sq"):
            return self.name_sq
        return self.name
