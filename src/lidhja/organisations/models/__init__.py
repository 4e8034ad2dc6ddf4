from lidhja.organisations.models.organisation import (
    Kind,
    Level,
    Membership,
    Organisation,
    Qark,
)

__all__ = ["Kind", "Level", "Membership", "Organisation", "Qark"]
