"""Work on a case: referrals, assessments and plans, services, follow-up, permits, justice,
child safeguards, escalation and attachments. Free text that may identify someone is sealed."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lidhja.cases.models.case import Case
from lidhja.cases.models.choices import (
    EscalationLevel,
    EscalationReason,
    PermitKind,
    PlanKind,
    ReferralDirection,
    ReferralStatus,
    RiskLevel,
    ServiceKind,
)
from lidhja.core.models.labels import ChoiceLabels

USER = settings.AUTH_USER_MODEL
ORG = "organisations.Organisation"


class Bound(ChoiceLabels, models.Model):
    """A row whose sealed values are bound to its own uuid (a value copied into another row
    does not open)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True

    @property
    def context(self) -> str:
        return f"{self._meta.model_name}:{self.uuid}"


class Sealed(Bound):
    """A row with a sealed free-text note."""

    sealed_note = models.BinaryField(null=True, editable=False)

    class Meta:
        abstract = True


class Referral(Sealed):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    from_organisation = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey(
        ORG, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals_received"
    )
    service = models.CharField(_("service"), max_length=24, choices=ServiceKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    shared = models.JSONField(_("shared with the receiving organisation"), default=list, blank=True)
    sent_at = models.DateTimeField(_("sent"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    started_at = models.DateTimeField(_("service started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    sealed_decline_reason = models.BinaryField(null=True, editable=False)
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    # Transnational referral: to or from a partner country's authority.
    direction = models.CharField(
        _("direction"),
        max_length=16,
        choices=ReferralDirection.choices,
        default=ReferralDirection.DOMESTIC,
    )
    partner_country = models.CharField(_("partner country"), max_length=2, blank=True)
    sealed_partner_authority = models.BinaryField(null=True, editable=False)
    return_on = models.DateField(_("planned date of return"), null=True, blank=True)
    return_notice_on = models.DateField(_("advance notice of return given"), null=True, blank=True)
    sealed_post_return_plan = models.BinaryField(null=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["to_organisation", "status"]),
            models.Index(fields=["case", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.case.code} → {self.get_service_display()}"

    @property
    def response_time(self):
        return self.responded_at - self.sent_at if self.responded_at else None


class CarePlan(Sealed):
    """An assessment or a plan: needs, assistance, risk, risk management, reintegration,
    best interests of a child."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(_("kind"), max_length=24, choices=PlanKind.choices)
    organisation = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    made_on = models.DateField(_("date"))
    risk_level = models.CharField(
        _("risk level"), max_length=8, choices=RiskLevel.choices, blank=True
    )
    reintegrated_on = models.DateField(_("reintegrated on"), null=True, blank=True)

    class Meta:
        ordering = ["-made_on", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class PlanStep(Sealed):
    plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="steps")
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["done_on", "due_on"])]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class ServiceRecord(Sealed):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="services")
    kind = models.CharField(_("service"), max_length=24, choices=ServiceKind.choices)
    provider = models.ForeignKey(ORG, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    refused = models.BooleanField(_("offered and refused"), default=False)

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class FollowUpVisit(Sealed):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_ups")
    visited_on = models.DateField(_("visited on"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    employed = models.BooleanField(_("employed"))
    re_trafficked = models.BooleanField(_("re-trafficked"))

    class Meta:
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class StayPermit(Bound):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="permits")
    kind = models.CharField(_("kind"), max_length=16, choices=PermitKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    sealed_reference = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class JusticeRecord(ChoiceLabels, models.Model):
    """The person's part in criminal proceedings, protection and compensation."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="justice")
    witness_participation = models.BooleanField(_("takes part as a witness"), default=False)
    protection_programme = models.BooleanField(
        _("in the witness protection programme"), default=False
    )
    compensation_claimed = models.DecimalField(
        _("compensation claimed (ALL)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    compensation_awarded = models.DecimalField(
        _("compensation awarded (ALL)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Guardian(ChoiceLabels, models.Model):
    """The guardian or legal representative of a child; who they are is sealed."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="guardian")
    appointed_on = models.DateField(_("appointed on"))
    sealed_identity = models.BinaryField(null=True, editable=False)

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def context(self) -> str:
        return f"guardian:{self.uuid}"


class Escalation(Sealed):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="escalations")
    level = models.CharField(_("escalated to"), max_length=8, choices=EscalationLevel.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=EscalationReason.choices)
    raised_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(_("raised"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    sealed_resolution = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["level", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Attachment(ChoiceLabels, models.Model):
    """A file of a case, stored encrypted outside the web root; its name is sealed too."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    sealed_name = models.BinaryField(editable=False)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    erased = models.BooleanField(default=False)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def context(self) -> str:
        return f"attachment:{self.uuid}"


class CaseExport(Bound):
    """An export of a case file; its stated purpose is sealed like any free text."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="exports")
    exported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    exported_at = models.DateTimeField()
    sealed_purpose = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["-exported_at", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"
