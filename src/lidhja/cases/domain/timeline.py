"""The case timeline in words. An event's `details` hold codes and ISO dates (cases.domain.
services); `facts` turns them into (label, text) pairs in the reader's language, from the one
definition of each: the vocabularies' labels, the step inputs' labels, the countries' names.
Nothing here opens a sealed note."""

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lidhja.cases.domain import inputs
from lidhja.cases.domain.countries import country_name
from lidhja.cases.models import CaseEvent, EventKind
from lidhja.cases.models.choices import (
    CaseKind,
    CaseStatus,
    ClosureReason,
    ErasureReason,
    EscalationLevel,
    EscalationReason,
    PermitKind,
    PlanKind,
    ReferralDirection,
    ReferralStatus,
    ReopenReason,
    ServiceKind,
    Shared,
)
from lidhja.core.figures import count, day

Fact = tuple[Any, str]

# Every field a step changes, by the label its input gives it.
FIELD_LABELS: dict[str, Any] = {
    field.name: field.label for field in (*inputs.DETAILS, *inputs.IDENTITY, *inputs.JUSTICE)
}


def label_of(vocabulary: type[TextChoices], code: Any) -> str:
    """The label of a code; a code no longer in the vocabulary is shown as recorded."""
    try:
        return str(vocabulary(code).label)
    except ValueError:
        return str(code)


def field_names(names: Iterable[str]) -> str:
    return ", ".join(str(FIELD_LABELS.get(name, name)) for name in names)


def _day(value: Any) -> str:
    try:
        return day(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _yes(value: Any) -> str:
    return _("yes") if value else _("no")


def _to(d: dict[str, Any]) -> str:
    """A referral's receiver: an organisation's code, or a partner country."""
    if d.get("direction", ReferralDirection.DOMESTIC) == ReferralDirection.DOMESTIC:
        return str(d.get("to", ""))
    return country_name(str(d.get("to", "")))


LABELS = {
    "status": gettext_lazy("Status"),
    "kind": gettext_lazy("Kind"),
    "changed": gettext_lazy("Changed"),
    "decided_on": gettext_lazy("Decided on"),
    "observed": gettext_lazy("Indicators observed"),
    "suggests": gettext_lazy("Presumed status suggested"),
    "service": gettext_lazy("Service"),
    "to": gettext_lazy("To"),
    "direction": gettext_lazy("Direction"),
    "shared": gettext_lazy("Shared"),
    "steps": gettext_lazy("Steps"),
    "done_on": gettext_lazy("Done on"),
    "provider": gettext_lazy("Provided by"),
    "employed": gettext_lazy("Employed"),
    "re_trafficked": gettext_lazy("Re-trafficked"),
    "from": gettext_lazy("From"),
    "until": gettext_lazy("Until"),
    "appointed_on": gettext_lazy("Appointed on"),
    "unit": gettext_lazy("Transfer to"),
    "level": gettext_lazy("Escalate to"),
    "reason": gettext_lazy("Reason"),
    "closed_on": gettext_lazy("Closed on"),
    "size": gettext_lazy("Size (bytes)"),
}

Describe = Callable[[dict[str, Any]], list[tuple[str, str]]]

# Per kind of event: (key of LABELS, text) for each detail worth showing.
DESCRIBE: dict[str, Describe] = {
    EventKind.OPENED: lambda d: [
        ("status", label_of(CaseStatus, d.get("status"))),
        ("kind", label_of(CaseKind, d.get("kind"))),
    ],
    EventKind.UPDATED: lambda d: [("changed", field_names(d.get("fields", [])))],
    EventKind.PERSON_UPDATED: lambda d: [("changed", field_names(d.get("fields", [])))],
    EventKind.JUSTICE: lambda d: [("changed", field_names(d.get("fields", [])))],
    EventKind.STATUS: lambda d: [
        (
            "status",
            f"{label_of(CaseStatus, d.get('from'))} → {label_of(CaseStatus, d.get('to'))}",
        ),
        ("decided_on", _day(d.get("decided_on"))),
    ],
    EventKind.SCREENING: lambda d: [
        ("observed", count(int(d.get("observed", 0)))),
        ("suggests", _yes(d.get("suggests_presumed"))),
    ],
    EventKind.REFERRAL_SENT: lambda d: [
        ("service", label_of(ServiceKind, d.get("service"))),
        ("to", _to(d)),
        ("direction", label_of(ReferralDirection, d.get("direction"))),
        ("shared", ", ".join(label_of(Shared, s) for s in d.get("shared", [])) or "–"),
    ],
    EventKind.REFERRAL_ANSWERED: lambda d: [("status", label_of(ReferralStatus, d.get("status")))],
    EventKind.PLAN: lambda d: [
        ("kind", label_of(PlanKind, d.get("kind"))),
        ("steps", count(int(d.get("steps", 0)))),
    ],
    EventKind.PLAN_STEP: lambda d: [("done_on", _day(d.get("done_on")))],
    EventKind.SERVICE: lambda d: [
        ("service", label_of(ServiceKind, d.get("service"))),
        ("provider", str(d.get("provider", ""))),
    ],
    EventKind.REFUSAL: lambda d: [("service", label_of(ServiceKind, d.get("service")))],
    EventKind.FOLLOW_UP: lambda d: [
        ("employed", _yes(d.get("employed"))),
        ("re_trafficked", _yes(d.get("re_trafficked"))),
    ],
    EventKind.PERMIT: lambda d: [
        ("kind", label_of(PermitKind, d.get("kind"))),
        ("from", _day(d.get("from"))),
        ("until", _day(d.get("until"))),
    ],
    EventKind.GUARDIAN: lambda d: [("appointed_on", _day(d.get("appointed_on")))],
    EventKind.TRANSFERRED: lambda d: [("unit", str(d.get("to", "")))],
    EventKind.ESCALATED: lambda d: [
        ("level", label_of(EscalationLevel, d.get("level"))),
        ("reason", label_of(EscalationReason, d.get("reason"))),
    ],
    EventKind.ESCALATION_RESOLVED: lambda d: [("level", label_of(EscalationLevel, d.get("level")))],
    EventKind.CLOSED: lambda d: [
        ("reason", label_of(ClosureReason, d.get("reason"))),
        ("closed_on", _day(d.get("closed_on"))),
    ],
    EventKind.REOPENED: lambda d: (
        [("reason", label_of(ReopenReason, d.get("reason")))] if d.get("reason") else []
    ),
    EventKind.ERASED: lambda d: (
        [("reason", label_of(ErasureReason, d.get("reason")))] if d.get("reason") else []
    ),
}


def facts(event: CaseEvent) -> list[Fact]:
    """What an event recorded, as (label, text) pairs; details a kind does not name stay out."""
    describe = DESCRIBE.get(event.kind)
    if describe is None:
        return []
    return [(LABELS[key], text) for key, text in describe(event.details or {}) if text]
