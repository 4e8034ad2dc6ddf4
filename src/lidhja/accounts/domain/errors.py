class DomainError(Exception):
    """A rule of the domain refused a change; the message is safe to show to the user."""


class PermissionDenied(DomainError):
    pass


class StaleObject(DomainError):
    """Someone else changed the object since the user loaded it."""


class NotFound(DomainError):
    """The object does not exist, or the user may not know that it does: both answer alike."""
