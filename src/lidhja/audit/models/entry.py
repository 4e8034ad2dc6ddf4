"""The append-only, hash-chained audit log.

Each entry carries the hash of the one before it, so editing or deleting any entry breaks the
chain from that point on; `AuditHead` holds the newest sequence number and hash, so deleting
the newest entries is detected too. Database triggers refuse UPDATE and DELETE on the table.
"""

import re
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lidhja.core.figures import day, moment

_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}(T\d\d:\d\d[\d:.]*([+-]\d\d:\d\d|Z)?)?")


def _moment(match: re.Match[str]) -> str:
    try:
        parsed = datetime.fromisoformat(match.group(0))
    except ValueError:
        return match.group(0)
    return moment(parsed, short=True) if match.group(1) else day(parsed.date(), short=True)


def shown(value: Any) -> Any:
    """A value of the log as the reader's language writes it: a day or a moment stored in ISO
    form ("2009-03-01", "2026-12-30T14:05+01:00"), alone or inside a text, is shown as a date
    (1 Mar 2009 / 01.03.2009), with its time."""
    return _ISO.sub(_moment, value) if isinstance(value, str) else value


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit entry."""


class AuditEntry(models.Model):
    seq = models.BigIntegerField(_("sequence"), unique=True)
    created_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("actor name"), max_length=150)
    organisation = models.CharField(_("actor organisation"), max_length=32, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    # The action's readable name and the entry in words, attached by the log page (not columns).
    label: str | Promise
    described: Any

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries cannot be deleted")

    @property
    def object_text(self) -> str:
        """The object as recorded, its dates shown in the reader's format."""
        return str(shown(self.object_repr))

    @property
    def changes_text(self) -> str:
        return ", ".join(f"{key}: {shown(value)}" for key, value in sorted(self.changes.items()))


class AuditHead(models.Model):
    """One row: the sequence number and hash of the newest entry (locked while appending)."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
    # {area: seq of the newest entry of that area that changed data}; `lidhja.audit.domain.
    # generations` reads it so that cached figures and stored documents know when to renew.
    generations = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head #{self.seq}"
