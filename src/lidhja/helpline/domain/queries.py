"""Reading calls: the one chokepoint (`call_for`) and the operator's lists. Only the operators
of a line's organisation see its calls (policy row "helpline.log"): without the permission
every call page answers 403; a call of another organisation answers 404, like a missing one."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import NotFound, PermissionDenied
from lidhja.accounts.domain.permissions import Someone, can, scope_of
from lidhja.accounts.models import User
from lidhja.helpline.domain.inputs import CALL_FIELDS
from lidhja.helpline.models import Call


def may_log(user: Someone) -> bool:
    return scope_of(user, "helpline.log") is not None


def calls_for(user: Someone) -> QuerySet[Call]:
    """The calls `user` sees: those of the user's own organisation; none without the role."""
    if not may_log(user) or not isinstance(user, User) or user.organisation_id is None:
        raise PermissionDenied(_("You may not see helpline calls."))
    return Call.objects.filter(organisation_id=user.organisation_id).select_related(
        "referred_to", "case"
    )


def call_for(user: Someone, reference: str) -> Call:
    call = calls_for(user).filter(reference=reference).first()
    if call is None or not can(user, "helpline.log", call.organisation):
        raise NotFound(_("No such call."))
    return call


def on_day(calls: QuerySet[Call], day: date) -> QuerySet[Call]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return calls.filter(received_at__gte=start, received_at__lt=start + timedelta(days=1))


def current_values(call: Call) -> dict[str, Any]:
    """The call as its input (domain.inputs.CALL) takes it: the correction form's initial."""
    local = timezone.localtime(call.received_at)
    values: dict[str, Any] = {name: getattr(call, name, None) for name in CALL_FIELDS}
    values["received_on"] = local.date()
    values["received_time"] = local.strftime("%H:%M")
    values["referred_to"] = call.referred_to.code if call.referred_to else None
    return values


def document(call: Call) -> dict[str, Any]:
    """What the operator sees of a call, for the page and the API alike: the categories, and
    of the case it opened only its code and when (the operator holds no case permission)."""
    return {
        "reference": call.reference,
        "version": call.version,
        "line": call.line,
        "received_at": call.received_at,
        "duration_minutes": call.duration_minutes,
        "caller_type": call.caller_type,
        "topic": call.topic,
        "qark": call.qark,
        "language": call.language,
        "outcome": call.outcome,
        "referred_to": call.referred_to.code if call.referred_to else None,
        "case": call.case.code if call.case else None,
        "case_opened_at": call.case_opened_at,
    }


# The fields of a call the page shows, in order; the API shows the same keys (`document`).
SHOWN = (
    "line",
    "received_at",
    "duration_minutes",
    "caller_type",
    "topic",
    "qark",
    "language",
    "outcome",
    "referred_to",
)


def rows(call: Call) -> list[tuple[Any, Any]]:
    """The call's fields as (label, value) for the page: choices by their label."""
    shown = []
    for name in SHOWN:
        field = Call._meta.get_field(name)
        assert isinstance(field, models.Field)
        value = getattr(call, name)
        if getattr(field, "choices", None):
            value = getattr(call, f"get_{name}_display")() or "–"
        shown.append((field.verbose_name, "–" if value is None else value))
    return shown
