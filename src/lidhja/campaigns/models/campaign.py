"""Awareness campaigns, their materials and events, and the reach their lead organisation
reports each quarter."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lidhja.campaigns.models.choices import (
    CampaignStatus,
    Channel,
    EventKind,
    MaterialKind,
    MaterialLanguage,
    ReachStatus,
    TargetGroup,
)
from lidhja.core.models.labels import ChoiceLabels
from lidhja.monitoring.models.evidence import private_storage
from lidhja.organisations.models import Qark


class Campaign(ChoiceLabels, models.Model):
    """A campaign, led by one organisation. Target groups, qarks and channels are lists of
    codes of their vocabularies (campaigns.models.choices)."""

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                _("Letters, digits, dots, hyphens and underscores only (it is part of addresses)."),
            )
        ],
    )
    title = models.CharField(_("title (English)"), max_length=255)
    title_sq = models.CharField(_("title (Albanian)"), max_length=255, blank=True)
    lead = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="campaigns_led",
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("partner organisations"),
        related_name="campaigns_supported",
        blank=True,
    )
    activities = models.ManyToManyField(
        "plans.PlanNode",
        verbose_name=_("plan activities"),
        related_name="campaigns",
        blank=True,
    )
    target_groups = models.JSONField(_("target groups"), default=list)
    qarks = models.JSONField(_("qarks"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.PLANNED
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("awareness campaign")
        verbose_name_plural = _("awareness campaigns")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def display_title(self) -> str:
        if self.title_sq and (get_language() or "").startswith("sq"):
            return self.title_sq
        return self.title

    def target_group_labels(self) -> list[str]:
        return _labels(TargetGroup, self.target_groups)

    def qark_labels(self) -> list[str]:
        return _labels(Qark, self.qarks)

    def channel_labels(self) -> list[str]:
        return _labels(Channel, self.channels)


def _labels(choices: type[models.TextChoices], codes: list[str]) -> list[str]:
    labels = dict(choices.choices)
    return [str(labels.get(code, code)) for code in codes]


class Withdrawable(ChoiceLabels, models.Model):
    """A row that is corrected rather than deleted: a withdrawn one stays for the audit trail
    (when, by whom, why) but is no longer listed as current nor counted."""

    version = models.PositiveIntegerField(default=1)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    withdrawal_reason = models.TextField(
        _("why it was withdrawn"), max_length=500, blank=True, editable=False
    )

    class Meta:
        abstract = True

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Material(Withdrawable):
    """Public awareness material a campaign produced, with its file when one was uploaded."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="materials")
    kind = models.CharField(_("kind"), max_length=16, choices=MaterialKind.choices)
    title = models.CharField(_("title"), max_length=255)
    language = models.CharField(_("language"), max_length=8, choices=MaterialLanguage.choices)
    quantity = models.PositiveIntegerField(_("quantity produced"), default=0)
    file = models.FileField(storage=private_storage, upload_to="campaigns/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["campaign", "pk"]
        verbose_name = _("campaign material")
        verbose_name_plural = _("campaign materials")

    def __str__(self) -> str:
        return self.title


class CampaignEvent(Withdrawable):
    """An event of a campaign: a school session, a community meeting, a public event …"""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="events")
    held_on = models.DateField(_("date"))
    qark = models.CharField(_("qark"), max_length=16, choices=Qark.choices)
    place = models.CharField(_("place"), max_length=255)
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("campaign event")
        verbose_name_plural = _("campaign events")

    def __str__(self) -> str:
        return f"{self.campaign} {self.held_on}"


class ReachReport(ChoiceLabels, models.Model):
    """What a campaign reached in one quarter, as its lead organisation reports it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="reach")
    period = models.ForeignKey(
        "monitoring.ReportingPeriod", on_delete=models.PROTECT, related_name="campaign_reach"
    )
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    broadcasts = models.PositiveIntegerField(_("broadcasts and airings"), default=0)
    materials_distributed = models.PositiveIntegerField(_("materials distributed"), default=0)
    events_held = models.PositiveIntegerField(_("events held"), default=0)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ReachStatus.choices, default=ReachStatus.DRAFT
    )
    return_comment = models.TextField(_("why it was returned"), max_length=2000, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["campaign", "period"]
        verbose_name = _("reach report")
        verbose_name_plural = _("reach reports")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "period"], name="reach_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.period}"
