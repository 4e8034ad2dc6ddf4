from lidhja.trainings.models.choices import Court, RosterFunction, Sex, TargetGroup
from lidhja.trainings.models.training import (
    Attendance,
    Curriculum,
    ParticipantCount,
    RosterMember,
    TrainingEvent,
)

__all__ = [
    "Attendance",
    "Court",
    "Curriculum",
    "ParticipantCount",
    "RosterFunction",
    "RosterMember",
    "Sex",
    "TargetGroup",
    "TrainingEvent",
]
