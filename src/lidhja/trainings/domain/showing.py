"""What a reader sees of an event, a roster member and coverage: one definition each, which
the API serialises and the pages show (their tables have the same columns)."""

from typing import Any

from lidhja.trainings.domain.queries import Coverage, participants
from lidhja.trainings.models import RosterMember, TrainingEvent

EVENT_FIELDS = (
    "id",
    "provider",
    "module",
    "target_group",
    "starts_on",
    "ends_on",
    "qark",
    "place",
    "activity",
    "version",
)
MEMBER_FIELDS = (
    "reference",
    "organisation",
    "function",
    "court",
    "border_point",
    "sex",
    "active_from",
    "active_until",
)
PARTICIPANT_FIELDS = ("organisation", "function", "female", "male", "total")


def event_row(event: TrainingEvent) -> dict[str, Any]:
    node = event.node
    values = {
        "id": event.pk,
        "provider": event.provider.code,
        "module": event.module.code,
        "target_group": event.target_group,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "qark": event.qark,
        "place": event.place,
        "activity": f"{node.chapter} {node.code}" if node else "",
        "version": event.version,
    }
    return {name: values[name] for name in EVENT_FIELDS}


def event_document(event: TrainingEvent) -> dict[str, Any]:
    return {
        **event_row(event),
        "participants": [
            {name: getattr(row, name) for name in PARTICIPANT_FIELDS} for row in participants(event)
        ],
    }


def member_row(member: RosterMember) -> dict[str, Any]:
    values = {name: getattr(member, name) for name in MEMBER_FIELDS if name != "organisation"}
    return {**values, "organisation": member.organisation.code}


def coverage_document(coverage: Coverage) -> dict[str, Any]:
    def share(s: Any) -> dict[str, Any]:
        return {"active": s.active, "trained": s.trained, "percent": s.percent}

    return {
        "on": coverage.on,
        "police": share(coverage.police),
        "serious_crimes_judges": share(coverage.judges),
        "border_points": [
            {
                "point": c.point,
                "female_officers": c.female_officers,
                "trained_female": c.trained_female,
                "covered": c.covered,
            }
            for c in coverage.border
        ],
        "border_points_covered": coverage.border_covered,
    }
