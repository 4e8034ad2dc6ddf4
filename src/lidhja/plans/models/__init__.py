from lidhja.plans.models.plan import (
    TRANSLATED,
    AgencyRole,
    Chapter,
    Level,
    NodeAgency,
    Plan,
    PlanNode,
    TimelineStatus,
)

__all__ = [
    "TRANSLATED",
    "AgencyRole",
    "Chapter",
    "Level",
    "NodeAgency",
    "Plan",
    "PlanNode",
    "TimelineStatus",
]
