import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lidhja.cases.models.choices import (
    AgeBand,
    BorderPoint,
    CaseKind,
    CaseStatus,
    ClosureReason,
    ExploitationForm,
    IdentificationSource,
    RecruiterRelation,
    RecruitmentMeans,
    Sex,
    Stage,
)
from lidhja.core.models.labels import ChoiceLabels
from lidhja.organisations.models import Qark


class Person(ChoiceLabels, models.Model):
    """A person in a case. Everything identifying is in `sealed` (see cases.domain.crypto);
    the row itself says nothing about who the person is."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sealed = models.BinaryField(null=True, editable=False)
    key_id = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    sealed_erasure_basis = models.BinaryField(null=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    # Statistical categories, copied from the sealed identity when it is stored. They name no
    # one and feed aggregates only (published above the threshold, publication.domain.releases).
    stat_sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    stat_citizenship = models.CharField(_("citizenship"), max_length=2, blank=True)
    # Set when the Responsible Authority confirms that this is the same person as another:
    # statistics then count both as the one named here (cases.domain.categories.PERSON_KEY).
    counted_as = models.ForeignKey(
        "self",
        verbose_name=_("counted as"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return f"person {self.uuid}"

    @property
    def context(self) -> str:
        return f"person:{self.uuid}"


class NameToken(ChoiceLabels, models.Model):
    """Blind index of one name part of a person: searchable without decrypting anyone."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    digest = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["digest"])]
        constraints = [models.UniqueConstraint(fields=["person", "digest"], name="name_token_once")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Case(ChoiceLabels, models.Model):
    """One person's path through the referral mechanism, known everywhere by its code."""

    code = models.CharField(_("case code"), max_length=16, unique=True, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    kind = models.CharField(_("kind"), max_length=16, choices=CaseKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices)
    is_witness = models.BooleanField(_("witness in criminal proceedings"), default=False)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.OPEN)
    flagged = models.BooleanField(_("flagged as non-routine"), default=False)

    managing_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("managing unit"),
        on_delete=models.PROTECT,
        related_name="managed_cases",
    )
    opened_by_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="opened_cases",
    )
    qark = models.CharField(_("qark"), max_length=16, choices=Qark.choices, blank=True)

    identified_on = models.DateField(_("date of first contact"))
    identification_source = models.CharField(
        _("identification source"), max_length=16, choices=IdentificationSource.choices
    )
    border_point = models.CharField(
        _("border crossing point"), max_length=16, choices=BorderPoint.choices, blank=True
    )
    sealed_source_detail = models.BinaryField(null=True, editable=False)
    transnational = models.BooleanField(_("transnational"), default=False)
    recruitment_countries = models.JSONField(
        _("countries of recruitment"), default=list, blank=True
    )
    transit_countries = models.JSONField(_("countries of transit"), default=list, blank=True)
    exploitation_countries = models.JSONField(
        _("countries of exploitation"), default=list, blank=True
    )
    recruitment_means = models.CharField(
        _("means of recruitment"), max_length=16, choices=RecruitmentMeans.choices, blank=True
    )
    recruiter_relation = models.CharField(
        _("relation to the recruiter"), max_length=16, choices=RecruiterRelation.choices, blank=True
    )
    minor_at_exploitation = models.BooleanField(_("minor at the time of exploitation"))
    is_child = models.BooleanField(_("under 18 now"), default=False)
    foreign_national = models.BooleanField(_("foreign national"), default=False)
    # Statistical category: the age band on the date of first contact, from the date of birth.
    age_band = models.CharField(
        _("age at identification"), max_length=8, choices=AgeBand.choices, blank=True
    )

    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("reason for closure"), max_length=16, choices=ClosureReason.choices, blank=True
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-identified_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["managing_organisation", "-identified_on", "-id"]),
            models.Index(fields=["opened_by_organisation", "-identified_on", "-id"]),
            models.Index(fields=["qark", "status"]),
            models.Index(fields=["-identified_on", "-id"]),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def context(self) -> str:
        return f"case:{self.uuid}"


class CaseExploitation(ChoiceLabels, models.Model):
    """One form of exploitation of a case, as a row so that lists filter on it by index."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exploitation_rows")
    form = models.CharField(max_length=16, choices=ExploitationForm.choices)

    class Meta:
        indexes = [models.Index(fields=["form", "case"])]
        constraints = [models.UniqueConstraint(fields=["case", "form"], name="exploitation_once")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class EventKind(models.TextChoices):
    OPENED = "opened", _("Case opened")
    UPDATED = "updated", _("Case details changed")
    PERSON_UPDATED = "person_updated", _("Personal data changed")
    STATUS = "status", _("Status decided")
    SCREENING = "screening", _("Identification screening")
    REFERRAL_SENT = "referral_sent", _("Referral sent")
    REFERRAL_ANSWERED = "referral_answered", _("Referral answered")
    PLAN = "plan", _("Assessment or plan recorded")
    PLAN_STEP = "plan_step", _("Plan step")
    SERVICE = "service", _("Service given")
    REFUSAL = "refusal", _("Assistance refused")
    FOLLOW_UP = "follow_up", _("Follow-up visit")
    PERMIT = "permit", _("Reflection period or residence permit")
    JUSTICE = "justice", _("Witness, protection or compensation")
    GUARDIAN = "guardian", _("Guardian appointed")
    TRANSFERRED = "transferred", _("Transferred to another unit")
    ESCALATED = "escalated", _("Escalated")
    ESCALATION_RESOLVED = "escalation_resolved", _("Escalation resolved")
    NOTE = "note", _("Note")
    ATTACHMENT = "attachment", _("Attachment added")
    CLOSED = "closed", _("Case closed")
    REOPENED = "reopened", _("Case reopened")
    ARCHIVED = "archived", _("Case archived")
    ERASED = "erased", _("Personal data erased on a lawful request")


class CaseEvent(ChoiceLabels, models.Model):
    """The case's timeline. `details` holds codes and dates only; free text is sealed."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    details = models.JSONField(default=dict)
    sealed_note = models.BinaryField(null=True)
    case_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "-at"])]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    @property
    def context(self) -> str:
        return f"event:{self.uuid}"


class Screening(ChoiceLabels, models.Model):
    """An identification screening against the operational indicators of trafficking."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="screenings")
    screened_on = models.DateField(_("screened on"))
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    observed = models.JSONField(_("indicators observed"), default=list)
    suggests_presumed = models.BooleanField(default=False)
    rule = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-screened_on", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


OPEN_CASES = Q(stage=Stage.OPEN)
