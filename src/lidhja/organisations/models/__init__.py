from lidhja.organisations.models.organisation import (
    Kind,
    Level,
    Membership,
    Organisation,
    Qark,
    ServiceKind,
)

__all__ = ["Kind", "Level", "Membership", "Organisation", "Qark", "ServiceKind"]
