from lidhja.coordination.models.bodies import Body, BodyKind, MemberRole, Membership
from lidhja.coordination.models.meetings import (
    Attendance,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingStatus,
    Presence,
)

__all__ = [
    "Attendance",
    "Body",
    "BodyKind",
    "Decision",
    "DecisionStatus",
    "Meeting",
    "MeetingStatus",
    "MemberRole",
    "Membership",
    "Presence",
]
