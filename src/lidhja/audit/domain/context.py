"""Where the current request came from, for audit entries written deep inside services."""

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("lidhja_audit_ip", default=None)
