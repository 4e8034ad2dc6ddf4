"""The bodies of the national co-ordination structure (seed, Annex) and who sits in them."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lidhja.core.models.labels import ChoiceLabels
from lidhja.organisations.models import Qark


class BodyKind(models.TextChoices):
    STATE_COMMITTEE = "state_committee", _("State committee")
    TASK_FORCE = "task_force", _("National task force")
    NRM_WORKING_GROUP = "nrm_working_group", _("NRM working group")
    NRM_STEERING_GROUP = "nrm_steering_group", _("NRM steering group")
    RESPONSIBLE_AUTHORITY = "responsible_authority", _("Responsible authority")
    REGIONAL_COMMITTEE = "regional_committee", _("Regional anti-trafficking committee")
    LOCAL_GROUP = "local_group", _("Local working group")
    DONORS_GROUP = "donors_group", _("Donors' group")
    EXPERT_GROUP = "expert_group", _("Expert group")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    SECRETARIAT = "secretariat", _("Secretariat")
    OBSERVER = "observer", _("Observer")


def _org(related_name: str, label: Any) -> models.ForeignKey:
    return models.ForeignKey(
        "organisations.Organisation",
        verbose_name=label,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
    )


class Body(ChoiceLabels, models.Model):
    """A committee, task force or group that meets: its rhythm is the number of meetings a
    year the seed asks of it (0: as necessary)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name (English)"), max_length=255)
    name_sq = models.CharField(_("name (Albanian)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=BodyKind.choices)
    organisation = _org("bodies", _("organisation that is this body"))
    qark = models.CharField(_("qark"), max_length=16, choices=Qark.choices, blank=True)
    chair = _org("chaired_bodies", _("chair"))
    secretariat = _org("secretariat_of", _("secretariat"))
    meetings_per_year = models.PositiveSmallIntegerField(
        _("required meetings a year"), default=0, help_text=_("0: as necessary.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["code"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.code

    @property
    def display_name(self) -> str:
        if self.name_sq and (get_language() or "").startswith("sq"):
            return self.name_sq
        return self.name


class Membership(ChoiceLabels, models.Model):
    """An organisation in a body, with the users who represent it, from a date until one."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(
        _("role in the body"), max_length=16, choices=MemberRole.choices, default="member"
    )
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representatives"),
        blank=True,
        related_name="body_memberships",
    )
    since = models.DateField(_("from"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    # In a merge of two organisations that both sit in a body, the merged one's seat is dropped
    # while nobody represents it on it (organisations.domain.merging); a seat with
    # representatives refuses the merge until ONAC ends one of the two seats.
    MERGE_DROPS_DUPLICATE = models.Q(representatives__isnull=True)

    class Meta:
        ordering = ["body", "role", "organisation__code"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "organisation"],
                condition=models.Q(until__isnull=True),
                name="coordination_one_open_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body.code}: {self.organisation.code}"
