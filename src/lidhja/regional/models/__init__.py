from lidhja.regional.models.assessment import (
    Adequacy,
    Assessment,
    AssessmentEvent,
    AssessmentStatus,
    Direction,
    Likelihood,
    Priority,
)

__all__ = [
    "Adequacy",
    "Assessment",
    "AssessmentEvent",
    "AssessmentStatus",
    "Direction",
    "Likelihood",
    "Priority",
]
