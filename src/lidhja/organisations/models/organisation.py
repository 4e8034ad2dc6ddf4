from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.core.bilingual import display_text
from lidhja.core.models.labels import ChoiceLabels


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


class ServiceKind(models.TextChoices):
    """The services of the referral mechanism: what an organisation provides (the registry) and
    what a case is referred for (cases)."""

    SHELTER = "shelter", _("Residential care (shelter)")
    NON_RESIDENTIAL = "non_residential", _("Non-residential care")
    MEDICAL = "medical", _("Medical care")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    LEGAL_COUNSELLING = "legal_counselling", _("Legal counselling")
    LEGAL_REPRESENTATION = "legal_representation", _("Legal representation")
    EDUCATION = "education", _("Education")
    VOCATIONAL = "vocational", _("Vocational training")
    EMPLOYMENT = "employment", _("Employment support")
    FINANCIAL = "financial", _("Financial support")
    RETURN = "return", _("Safe return and reintegration")
    OTHER = "other", _("Other")


class Membership(models.TextChoices):
    """How the members of a class of actors are found (organisations.domain.membership)."""

    EXPLICIT = "explicit", _("The organisations that name it as a class they belong to")
    KIND = "kind", _("Every active organisation of a kind")
    PLAN_ACTORS = "plan_actors", _("Every active organisation with a link of its own in the plan")


class Organisation(ChoiceLabels, models.Model):
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
    # A municipal unit belongs to its municipality; a municipality sits in a qark.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # The classes of actors this organisation is a member of (RCAT-TR of RCATS).
    member_of = models.ManyToManyField(
        "self",
        verbose_name=_("member of"),
        symmetrical=False,
        blank=True,
        related_name="explicit_members",
        limit_choices_to={"collective": True},
    )
    # On a class of actors: how its members are found.
    membership = models.CharField(
        _("members"), max_length=16, choices=Membership.choices, blank=True
    )
    membership_kind = models.CharField(
        _("kind of its members"), max_length=16, choices=Kind.choices, blank=True
    )
    # The services of the referral mechanism it provides (ServiceKind codes): a case is referred
    # for a service only to an organisation that provides it.
    services = models.JSONField(_("services provided"), default=list, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["code"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return f"{self.short_name} – {self.display_name}"

    def clean(self) -> None:
        errors = {}
        if self.collective and not self.membership:
            errors["membership"] = _("Say how the members of a class of actors are found.")
        if not self.collective and self.membership:
            errors["membership"] = _("Only a class of actors has members.")
        if (self.membership == Membership.KIND) != bool(self.membership_kind):
            errors["membership_kind"] = _(
                "Give the kind of the members exactly when members are found by kind."
            )
        if not isinstance(self.services, list) or set(self.services) - set(ServiceKind.values):
            errors["services"] = _("Choose services from the list.")
        elif self.services and self.collective:
            errors["services"] = _("A class of actors provides no service itself.")
        else:  # one order, the vocabulary's, so that the same services always compare equal
            self.services = [code for code in ServiceKind.values if code in self.services]
        if self.parent_id is not None and self.parent_id == self.pk:
            errors["parent"] = _("An organisation cannot belong to itself.")
        if errors:
            raise ValidationError(errors)

    def provides(self, service: str) -> bool:
        return service in (self.services or [])

    @property
    def service_labels(self) -> list[str]:
        """The services it provides, in the vocabulary's order and the reader's language."""
        return [str(label) for code, label in ServiceKind.choices if code in (self.services or [])]

    @property
    def short_name(self) -> str:
        return self.abbreviation or self.code

    @property
    def display_name(self) -> str:
        """The name in the reader's language, as plain text (`lidhja.core.bilingual`); pages
        mark an English name on an Albanian page with `{% in_language org "name" %}`."""
        return display_text(self, "name").text
