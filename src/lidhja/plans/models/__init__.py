from lidhja.plans.models.plan import (
    AgencyRole,
    Chapter,
    Level,
    NodeAgency,
    Plan,
    PlanNode,
    TimelineStatus,
)

__all__ = ["AgencyRole", "Chapter", "Level", "NodeAgency", "Plan", "PlanNode", "TimelineStatus"]
