"""Who acts when no person does: the server's own jobs (archiving, reminders). Services take
`by=SYSTEM` rather than `by=None`, so an action without a person is a choice in the code."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SystemActor:
    username: str = "system"
    is_authenticated: bool = False  # holds no permission of the policy table
    is_active: bool = False
    organisation_id: None = None
    organisation: None = None

    def get_username(self) -> str:
        return self.username


SYSTEM = SystemActor()


# Who may act in a service: a signed-in user, or the system.
Actor = Any
