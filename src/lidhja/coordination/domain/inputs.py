"""The inputs of the secretariat's work, declared once (the pattern of cases.domain.inputs):
the pages render them as Django forms (coordination.interfaces.forms) and the API as
serializers (coordination.api.serializers), with the case module's renderers, so a field's
name, kind, label, limits and choices cannot differ between the two. The rules that need the
database (who may, which status may follow which, members on the meeting's day, the owner of
a decision) are the services', which both call."""

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from lidhja.cases.domain.inputs import Field, Kind, day, long_text, text
from lidhja.coordination.models import DecisionStatus, MeetingStatus, Presence


def _choice(name: str, label: Any, members: Sequence[Any], vocabulary: str, **kwargs: Any) -> Field:
    """A choice of some values of a vocabulary, named `Coordination<vocabulary>` in the API."""
    return Field(
        name,
        Kind.CHOICE,
        label,
        choices=lambda: [(m.value, m.label) for m in members],
        vocabulary=f"Coordination{vocabulary}",
        **kwargs,
    )


VERSION = Field("version", Kind.VERSION, _("The version you last read."), required=True)

_MEETING: tuple[Field, ...] = (
    day("date", _("Date")),
    text("place", _("Place"), 255),
    long_text("agenda", _("Agenda")),
)

# A meeting is recorded planned, or held (recorded afterwards); it is cancelled by a change.
RECORD_MEETING: tuple[Field, ...] = (
    *_MEETING,
    _choice(
        "status",
        _("Status"),
        [MeetingStatus.PLANNED, MeetingStatus.HELD],
        "NewMeetingStatus",
        required=True,
        default=MeetingStatus.PLANNED.value,
    ),
)
CHANGE_MEETING: tuple[Field, ...] = (
    VERSION,
    *_MEETING,
    _choice("status", _("Status"), list(MeetingStatus), "MeetingStatus", required=True),
)

DECISION: tuple[Field, ...] = (
    long_text("text", _("Decision"), required=True),
    Field("owner", Kind.ORGANISATION, _("Owner"), required=True),
    day("due_date", _("Due date")),
)

CLOSE_DECISION: tuple[Field, ...] = (
    VERSION,
    _choice(
        "status",
        _("Close as"),
        [DecisionStatus.DONE, DecisionStatus.CANCELLED],
        "ClosingStatus",
        required=True,
    ),
    long_text("note", _("Closing note"), required=True),
)

# Attendance: each member organisation (by code) present, excused or absent. The page offers
# one choice per member of the meeting's day; the API takes a list of the same pairs.
PRESENCE = _choice("presence", _("Attendance"), list(Presence), "Presence", required=True)


def presences() -> list[tuple[str, Any]]:
    return [(p.value, p.label) for p in Presence]
