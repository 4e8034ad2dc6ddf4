"""Training events, their participants, and the roster of specialised staff.

Participants are counted per (organisation, function, sex) in aggregate rows, or listed by
name as links to roster members where the roster needs to know who was trained. A roster
member's name is sealed (`sealed_name`, cases.domain.crypto): the row holds its reference,
organisation, function, sex and dates only.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lidhja.cases.models.choices import BorderPoint
from lidhja.core.figures import day
from lidhja.core.models.labels import ChoiceLabels
from lidhja.organisations.models import Organisation, Qark
from lidhja.plans.models import PlanNode
from lidhja.trainings.models.choices import Court, RosterFunction, Sex, TargetGroup


class Curriculum(ChoiceLabels, models.Model):
    """A training module or curriculum (e.g. the Police Academy's basic awareness module)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=300)
    title_sq = models.CharField(_("title (Albanian)"), max_length=300, blank=True)
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provider"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")

    def __str__(self) -> str:
        return f"{self.code} {self.display_title}"

    @property
    def display_title(self) -> str:
        """The title in the reader's language, where it has one."""
        if self.title_sq and (get_language() or "").startswith("sq"):
            return self.title_sq
        return self.title


class TrainingEvent(ChoiceLabels, models.Model):
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    module = models.ForeignKey(
        Curriculum, on_delete=models.PROTECT, related_name="events", verbose_name=_("module")
    )
    target_group = models.CharField(_("target group"), max_length=24, choices=TargetGroup.choices)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    qark = models.CharField(_("qark"), max_length=16, choices=Qark.choices, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    node = models.ForeignKey(
        PlanNode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan activity"),
    )
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        indexes = [models.Index(fields=["ends_on"]), models.Index(fields=["provider", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.module.code} {day(self.starts_on, short=True)}"


class ParticipantCount(ChoiceLabels, models.Model):
    """How many participants of one organisation, function and sex attended an event."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="counts")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    function = models.CharField(_("function"), max_length=24, choices=TargetGroup.choices)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    count = models.PositiveIntegerField(_("participants"))

    class Meta:
        ordering = ["event", "organisation__code", "function", "sex"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation", "function", "sex"], name="one_count_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.function} {self.sex} {self.count}"


class RosterMember(ChoiceLabels, models.Model):
    """A member of the roster of specialised staff, known by a reference (`R-…`). The name is
    sealed; a judge names a court, a border officer a crossing point."""

    reference = models.CharField(_("roster reference"), max_length=16, unique=True, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    function = models.CharField(_("function"), max_length=24, choices=RosterFunction.choices)
    court = models.CharField(_("court"), max_length=24, choices=Court.choices, blank=True)
    border_point = models.CharField(
        _("border crossing point"), max_length=16, choices=BorderPoint.choices, blank=True
    )
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    active_from = models.DateField(_("active from"))
    active_until = models.DateField(_("active until"), null=True, blank=True)
    sealed_name = models.BinaryField(null=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["organisation__code", "function", "reference"]
        verbose_name = _("roster member")
        verbose_name_plural = _("roster members")

    def __str__(self) -> str:
        return self.reference

    @property
    def context(self) -> str:
        return f"roster:{self.uuid}"


class Attendance(ChoiceLabels, models.Model):
    """A roster member who attended an event (a named participant)."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(RosterMember, on_delete=models.PROTECT, related_name="attendances")

    class Meta:
        ordering = ["event", "member__reference"]
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="attended_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.member_id}"
