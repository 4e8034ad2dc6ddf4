"""A call to a helpline, as the operator logs it: categories only.

No caller identity is kept, and no free text at all: a call is its line, time, duration and
categories. What a case needs to know about the person goes into the case, which the case
module seals (helpline.domain.services.open_case_from_call)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.core.models.labels import ChoiceLabels
from lidhja.organisations.models import Qark


class HelplineLine(models.TextChoices):
    """The lines whose calls are logged (Protection 2.(d).1; Prevention 1.(a).6; Prosecution
    1.(i).3.1). A new line is a new choice here and a migration."""

    NATIONAL = "0800_1212", _("National anti-trafficking line 0800 1212")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence line")
    MIGRATION = "migration", _("Job vetting and safe migration line")
    OTHER = "other", _("Other line")


class CallerType(models.TextChoices):
    VICTIM = "victim", _("Victim or person at risk")
    FAMILY = "family", _("Family member")
    PROFESSIONAL = "professional", _("Professional")
    ANONYMOUS = "anonymous", _("Anonymous")
    OTHER = "other", _("Other caller")


class CallTopic(models.TextChoices):
    TRAFFICKING = "trafficking", _("Trafficking")
    MIGRATION = "migration", _("Migration advice")
    COMPLICITY = "complicity", _("Report of official complicity")
    OTHER = "other", _("Other topic")


class CallOutcome(models.TextChoices):
    INFORMATION = "information", _("Information given")
    REFERRED = "referred", _("Referred to an organisation")
    POTENTIAL_CASE = "potential_case", _("Potential case")


class CallLanguage(models.TextChoices):
    ALBANIAN = "sq", _("Albanian")
    ENGLISH = "en", _("English")
    ITALIAN = "it", _("Italian")
    GREEK = "el", _("Greek")
    OTHER = "other", _("Other language")


class Call(ChoiceLabels, models.Model):
    """One call. `reference` (HL-2009-000123) is its name everywhere, never a person's."""

    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    line = models.CharField(_("line"), max_length=24, choices=HelplineLine.choices)
    received_at = models.DateTimeField(_("received at"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    caller_type = models.CharField(_("caller"), max_length=16, choices=CallerType.choices)
    topic = models.CharField(_("topic"), max_length=16, choices=CallTopic.choices)
    qark = models.CharField(_("qark"), max_length=16, choices=Qark.choices, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=CallLanguage.choices, default=CallLanguage.ALBANIAN
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=CallOutcome.choices)
    referred_to = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("referred to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("operator's organisation"),
        on_delete=models.PROTECT,
        related_name="helpline_calls",
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    # The case the call opened: at most one, and a case comes from at most one call.
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="helpline_call",
    )
    case_opened_at = models.DateTimeField(_("case opened"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [
            models.Index(fields=["organisation", "-received_at"]),
            models.Index(fields=["received_at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="helpline_call_number_once")
        ]

    def __str__(self) -> str:
        return self.reference
