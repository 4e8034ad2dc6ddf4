"""Who acts when no person does: the server's own jobs (archiving, reminders) and the operator at
the `lidhja` command line. Services take `by=SYSTEM` rather than `by=None`, so an action without
a person is a choice in the code."""

from enum import Enum
from typing import TYPE_CHECKING, Final, Union

if TYPE_CHECKING:  # the type only: this module stays free of the models and the app registry
    from lidhja.accounts.models import User


class SystemActor(Enum):
    """The system, as one value. An enum with one member (not a plain object) so that the type
    checker narrows `by is not SYSTEM` to a `User`."""

    SYSTEM = "system"

    @property
    def username(self) -> str:
        return self.value

    @property
    def is_authenticated(self) -> bool:
        return False  # holds no permission of the policy table

    @property
    def is_active(self) -> bool:
        return False

    @property
    def organisation_id(self) -> None:
        return None

    @property
    def organisation(self) -> None:
        return None

    def get_username(self) -> str:
        return self.username


SYSTEM: Final = SystemActor.SYSTEM


# Who may act in a service: a signed-in user, or the system.
Actor = Union["User", SystemActor]
