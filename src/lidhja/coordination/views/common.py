"""Helpers shared by the co-ordination pages: refusals as messages, decision rows."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.core.exceptions import ValidationError

from lidhja.accounts.domain.errors import StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.coordination.domain import access
from lidhja.coordination.domain.fields import DECISION_FIELDS, shown
from lidhja.coordination.interfaces.forms import (
    CloseDecisionForm,
)


def require(allowed: bool) -> None:
    if not allowed:
        raise HttpPermissionDenied


def say(request, errors: dict[str, list[str]], form=None) -> int:
    """Put each refused field into the messages, by its label; the status to answer with."""
    for field, texts in errors.items():
        label = form.fields[field].label if form is not None and field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(texts)}" if label else " ".join(texts))
    return 400


def refused(request, exc: ValidationError | StaleObject, form=None) -> int:
    if isinstance(exc, StaleObject):
        messages.error(request, str(exc))
        return 409
    if hasattr(exc, "error_dict"):
        return say(request, exc.message_dict, form)
    return say(request, {"": exc.messages})


def form_errors(request, form) -> int:
    return say(request, {field: list(texts) for field, texts in form.errors.items()}, form)


def decision_rows(user, decisions) -> list:
    return [
        (
            d,
            shown(DECISION_FIELDS, d),
            CloseDecisionForm(initial={"version": d.version})
            if d.status == "open" and access.may_close(user, d)
            else None,
        )
        for d in decisions
    ]


def may_view(user) -> bool:
    return can(user, "coordination.view")
