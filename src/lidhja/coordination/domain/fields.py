"""What a page and the API show of a body, a meeting and a decision: one list of fields each,
rendered as table columns by the pages and as fields by the API serializers."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lidhja.coordination.models import Body, Decision, DecisionStatus, Meeting


@dataclass(frozen=True)
class Field:
    name: str
    label: Any  # a lazy translation
    kind: str  # text | integer | date | boolean
    value: Callable[[Any], Any]  # the machine value (API)
    display: Callable[[Any], Any] | None = None  # what a page shows, when not the value

    def shown(self, obj: Any) -> Any:
        return (self.display or self.value)(obj)


def _code(org: Any) -> str:
    return org.code if org is not None else ""


def _short(org: Any) -> str:
    return org.short_name if org is not None else ""


def overdue(decision: Decision, today: date | None = None) -> bool:
    return decision.status == DecisionStatus.OPEN and decision.due_date < (
        today or timezone.localdate()
    )


BODY_FIELDS: Sequence[Field] = (
    Field("code", _("Code"), "text", lambda b: b.code),
    Field("name", _("Name"), "text", lambda b: b.display_name),
    Field("kind", _("Kind"), "text", lambda b: b.kind, Body.get_kind_display),
    Field("qark", _("Qark"), "text", lambda b: b.qark, Body.get_qark_display),
    Field("chair", _("Chair"), "text", lambda b: _code(b.chair), lambda b: _short(b.chair)),
    Field(
        "secretariat",
        _("Secretariat"),
        "text",
        lambda b: _code(b.secretariat),
        lambda b: _short(b.secretariat),
    ),
    Field(
        "meetings_per_year", _("Required meetings a year"), "integer", lambda b: b.meetings_per_year
    ),
    Field("is_active", _("Active"), "boolean", lambda b: b.is_active),
)

MEETING_FIELDS: Sequence[Field] = (
    Field("id", _("Number"), "integer", lambda m: m.pk),
    Field("body", _("Body"), "text", lambda m: m.body.code),
    Field("date", _("Date"), "date", lambda m: m.date),
    Field("place", _("Place"), "text", lambda m: m.place),
    Field("status", _("Status"), "text", lambda m: m.status, Meeting.get_status_display),
    Field("has_minutes", _("Minutes"), "boolean", lambda m: bool(m.minutes)),
)

DECISION_FIELDS: Sequence[Field] = (
    Field("id", _("Number"), "integer", lambda d: d.pk),
    Field("body", _("Body"), "text", lambda d: d.meeting.body.code),
    Field("meeting_date", _("Meeting"), "date", lambda d: d.meeting.date),
    Field("text", _("Decision"), "text", lambda d: d.text),
    Field("owner", _("Owner"), "text", lambda d: d.owner.code, lambda d: d.owner.short_name),
    Field("due_date", _("Due date"), "date", lambda d: d.due_date),
    Field("status", _("Status"), "text", lambda d: d.status, Decision.get_status_display),
    Field("overdue", _("Overdue"), "boolean", overdue),
    Field("closed_on", _("Closed on"), "date", lambda d: d.closed_on),
    Field("closing_note", _("Closing note"), "text", lambda d: d.closing_note),
)


def values(fields: Sequence[Field], obj: Any) -> dict[str, Any]:
    return {f.name: f.value(obj) for f in fields}


def shown(fields: Sequence[Field], obj: Any) -> list[tuple[Field, Any]]:
    return [(f, f.shown(obj)) for f in fields]
