"""Linkage of persons: keyed blind tokens of each person, and the links proposed between two
persons who may be the same, which the Responsible Authority confirms or rejects. Neither
table holds a name, a date or anything else in clear (cases.domain.tokens)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lidhja.cases.models.case import Person
from lidhja.core.models.labels import ChoiceLabels


class PersonToken(ChoiceLabels, models.Model):
    """One keyed token of a person (a kind from cases.domain.tokens.KINDS and its HMAC), of the
    recorded name (variant 0) or of an alias (variant 1, 2, ...)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="link_tokens")
    variant = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=12)
    digest = models.CharField(max_length=32)

    class Meta:
        indexes = [models.Index(fields=["kind", "digest"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "variant", "kind"], name="person_token_once_a_variant"
            )
        ]

    def __str__(self) -> str:
        return f"person token {self.pk}"


class LinkStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed: the same person")
    REJECTED = "rejected", _("Rejected: different persons")


class LinkSource(models.TextChoices):
    OPENING = "opening", _("When a case was opened or its person changed")
    BATCH = "batch", _("Batch linkage of the register")


class PersonLink(ChoiceLabels, models.Model):
    """Two persons who may be the same (person_a < person_b): proposed by the linkage, decided
    by the Responsible Authority. A confirmed link makes statistics count one person."""

    person_a = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField(_("match probability"))
    # Which level of each comparison the pair reached ({"names": "names", ...}): token kinds
    # that matched, never a value.
    evidence = models.JSONField(default=dict)
    source = models.CharField(max_length=8, choices=LinkSource.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=LinkStatus.choices, default=LinkStatus.PROPOSED
    )
    proposed_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-score", "pk"]
        indexes = [models.Index(fields=["status", "-score"])]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="person_link_once"),
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="person_link_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"person link {self.pk}"
