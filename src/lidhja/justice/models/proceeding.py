import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.cases.models.choices import AgeBand, Sex
from lidhja.core.models.labels import ChoiceLabels
from lidhja.justice.models.choices import (
    AssetKind,
    DefendantRole,
    LinkStatus,
    OfficialService,
    Outcome,
    StageKind,
    VictimRole,
)
from lidhja.justice.models.offences import Offence


class Proceeding(ChoiceLabels, models.Model):
    """A criminal proceeding, from the report to the final decision, known by its code."""

    code = models.CharField(_("proceeding code"), max_length=16, unique=True, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    office = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("registering office"),
        on_delete=models.PROTECT,
        related_name="proceedings",
    )
    registered_on = models.DateField(_("registered on"))
    offences = models.ManyToManyField(Offence, verbose_name=_("offences"), related_name="+")
    stage = models.CharField(
        _("latest stage"), max_length=16, choices=StageKind.choices, default=StageKind.REPORTED
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("proceeding")
        verbose_name_plural = _("proceedings")
        indexes = [models.Index(fields=["office", "-registered_on", "-id"])]

    def __str__(self) -> str:
        return self.code


class Defendant(ChoiceLabels, models.Model):
    """A defendant of a proceeding, known by a code. Name, date of birth and document are
    sealed in `sealed_identity`; the row holds statistical categories only."""

    proceeding = models.ForeignKey(Proceeding, on_delete=models.PROTECT, related_name="defendants")
    code = models.CharField(_("defendant code"), max_length=16, unique=True, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices, blank=True)
    citizenship = models.CharField(_("citizenship"), max_length=2, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=DefendantRole.choices)
    official_service = models.CharField(
        _("complicit official of"), max_length=16, choices=OfficialService.choices, blank=True
    )
    sealed_identity = models.BinaryField(null=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["proceeding", "id"]
        verbose_name = _("defendant")
        verbose_name_plural = _("defendants")

    def __str__(self) -> str:
        return self.code

    @property
    def context(self) -> str:
        return f"defendant:{self.uuid}"


class Stage(ChoiceLabels, models.Model):
    """A dated stage of a proceeding, of one defendant or of the whole proceeding."""

    proceeding = models.ForeignKey(Proceeding, on_delete=models.PROTECT, related_name="stages")
    defendant = models.ForeignKey(
        Defendant, on_delete=models.PROTECT, null=True, blank=True, related_name="stages"
    )
    kind = models.CharField(_("stage"), max_length=16, choices=StageKind.choices)
    on = models.DateField(_("date"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    prison_months = models.PositiveIntegerField(_("prison term (months)"), null=True, blank=True)
    fine_lek = models.DecimalField(
        _("fine (ALL)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    suspended = models.BooleanField(_("suspended"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        indexes = [models.Index(fields=["kind", "on"])]

    def __str__(self) -> str:
        return f"{self.proceeding_id} {self.kind} {self.on}"


class AssetRecord(ChoiceLabels, models.Model):
    """An amount in lek: assets seized, frozen or confiscated, the share of confiscation
    proceeds allocated to the Special Fund, compensation ordered or paid to victims."""

    proceeding = models.ForeignKey(Proceeding, on_delete=models.PROTECT, related_name="assets")
    kind = models.CharField(_("kind"), max_length=24, choices=AssetKind.choices)
    amount_lek = models.DecimalField(_("amount (ALL)"), max_digits=16, decimal_places=2)
    on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("asset or compensation")
        verbose_name_plural = _("assets and compensation")
        indexes = [models.Index(fields=["kind", "on"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount_lek}"


class VictimLink(ChoiceLabels, models.Model):
    """A victim's case linked to a proceeding by its code only: no foreign key to the case, so
    that nothing here tells a justice user whether such a case exists (see domain/victims.py)."""

    proceeding = models.ForeignKey(
        Proceeding, on_delete=models.PROTECT, related_name="victim_links"
    )
    case_code = models.CharField(_("case code"), max_length=16)
    role = models.CharField(_("role"), max_length=16, choices=VictimRole.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=LinkStatus.choices, default=LinkStatus.PENDING
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The case side's decision (cases page or API, justice.domain.services.decide_victim_link).
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["case_code", "status"])]
        verbose_name = _("linked victim")
        verbose_name_plural = _("linked victims")
        constraints = [
            models.UniqueConstraint(
                fields=["proceeding", "case_code", "role"], name="victim_link_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_code} ({self.role})"
