"""Every change to a call, one atomic service each: the permission checked again, the call
locked and its version compared (409 on a stale one), the change saved, an audit entry in the
same transaction. Audit entries name the call's reference and the fields changed, never more
(a call holds no personal data, but the rule is the same everywhere).

Opening a potential case goes through the case services (cases.domain.services.open_case) and
their rules, with the policy row "helpline.open_case": the case's source is the helpline and
its source in detail names the call's reference."""

from datetime import datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import DomainError, PermissionDenied, StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.cases.domain import services as case_services
from lidhja.cases.models import Case
from lidhja.cases.models.choices import CaseStatus, IdentificationSource
from lidhja.helpline.domain.inputs import CALL_FIELDS, IDENTITY_FIELDS
from lidhja.helpline.models import Call, CallOutcome

# The model fields a call's input sets (the date and the time make `received_at`).
STORED = ("line", "caller_type", "topic", "qark", "language", "outcome", "referred_to")
STORED_FIELDS = (*STORED, "received_at", "duration_minutes")


class CallChanged(StaleObject):
    def __init__(self) -> None:
        super().__init__(_("The call was changed meanwhile. Reload it and try again."))


class CaseAlreadyOpened(DomainError):
    def __init__(self, code: str) -> None:
        super().__init__(_("This call already opened case %(code)s.") % {"code": code})


def received_at(values: dict[str, Any]) -> datetime:
    """The date and the time typed ("HH:MM"), in the server's time zone; never in the future."""
    try:
        hours, minutes = (int(part) for part in str(values.get("received_time", "")).split(":"))
        clock = time(hours, minutes)
    except ValueError:
        raise ValidationError({"received_time": _("Enter the time as HH:MM.")}) from None
    when = timezone.make_aware(datetime.combine(values["received_on"], clock))
    if when > timezone.now():
        raise ValidationError({"received_on": _("A call cannot be received in the future.")})
    return when


def _apply(call: Call, values: dict[str, Any]) -> None:
    missing = [name for name in CALL_FIELDS if name not in values]
    if missing:
        raise ValidationError(dict.fromkeys(missing, _("This field is required.")))
    call.received_at = received_at(values)
    for name in STORED:
        setattr(call, name, values[name] or ("" if name != "referred_to" else None))
    call.duration_minutes = values["duration_minutes"]
    errors = {}
    if call.outcome == CallOutcome.POTENTIAL_CASE and call.case_id is None:
        errors["outcome"] = _(
            'Open a potential case from the call\'s page ("Open a potential case").'
        )
    if call.case_id is not None and call.outcome != CallOutcome.POTENTIAL_CASE:
        errors["outcome"] = _("The call opened a case: its outcome stays potential case.")
    if call.outcome == CallOutcome.REFERRED and call.referred_to is None:
        errors["referred_to"] = _("Name the organisation the caller was referred to.")
    if call.outcome != CallOutcome.REFERRED and call.referred_to is not None:
        errors["referred_to"] = _("Only a call referred to an organisation names one.")
    if errors:
        raise ValidationError(errors)
    call.full_clean(exclude=["reference", "year", "number", "logged_by", "organisation", "case"])


def _check(by: User, call: Call | None = None) -> None:
    organisation = call.organisation if call is not None else by.organisation
    if by.organisation is None or not can(by, "helpline.log", organisation):
        raise PermissionDenied(_("You may not log calls of this line."))


def _number(call: Call) -> None:
    call.year = timezone.localtime(call.received_at).year
    last = Call.objects.filter(year=call.year).aggregate(last=Max("number"))["last"] or 0
    call.number = last + 1
    call.reference = f"HL-{call.year}-{call.number:06d}"


@transaction.atomic
def log_call(*, by: User, values: dict[str, Any]) -> Call:
    """A new call of the operator's own organisation, numbered in the year it was received."""
    _check(by)
    call = Call(organisation=by.organisation, logged_by=by)
    _apply(call, values)
    for _attempt in range(5):  # two operators numbering at once: the second takes the next
        _number(call)
        try:
            with transaction.atomic():
                call.save()
            break
        except IntegrityError:
            continue
    else:
        raise RuntimeError("no free call number after 5 tries")
    audit.record(
        "helpline.call_logged", actor=by, obj=call, changes={"fields": list(STORED_FIELDS)}
    )
    return call


def _locked(call: Call, by: User, version: int) -> Call:
    _check(by, call)
    locked = (
        Call.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=call.pk)
    )
    _check(by, locked)
    if locked.version != version:
        raise CallChanged
    return locked


@transaction.atomic
def correct_call(call: Call, *, by: User, version: int, values: dict[str, Any]) -> Call:
    """Corrects what was logged; the audit entry names the fields that changed."""
    call = _locked(call, by, version)
    before = {name: getattr(call, name) for name in STORED_FIELDS}
    _apply(call, values)
    changed = [name for name in STORED_FIELDS if getattr(call, name) != before[name]]
    if not changed:
        return call
    call.version += 1
    call.save(update_fields=[*changed, "version", "updated_at"])
    audit.record("helpline.call_corrected", actor=by, obj=call, changes={"fields": changed})
    return call


@transaction.atomic
def open_case_from_call(call: Call, *, by: User, version: int, values: dict[str, Any]) -> Case:
    """A potential case from the call, through the case services: source helpline, the
    call's reference as the source in detail, the unit the operator names. The call's outcome
    becomes potential case and the call names the case; a call opens one case at most."""
    if not can(by, "helpline.open_case"):
        raise PermissionDenied(_("You may not open cases from calls."))
    call = _locked(call, by, version)
    if call.case_id is not None:
        raise CaseAlreadyOpened(Case.objects.get(pk=call.case_id).code)
    case = case_services.open_case(
        by=by,
        identity_values={name: values.get(name) or "" for name in IDENTITY_FIELDS},
        details={
            "kind": values.get("kind", ""),
            "identified_on": timezone.localtime(call.received_at).date(),
            "identification_source": IdentificationSource.HELPLINE,
            "source_detail": call.reference,
            "minor_at_exploitation": bool(values.get("minor_at_exploitation")),
            "is_child": bool(values.get("is_child")),
        },
        exploitation=list(values.get("exploitation") or []),
        status=CaseStatus.POTENTIAL,
        criteria=values.get("criteria") or "",
        managing_organisation=values.get("managing_organisation"),
        permission="helpline.open_case",
    )
    call.case = case
    call.case_opened_at = timezone.now()
    call.outcome = CallOutcome.POTENTIAL_CASE
    call.referred_to = None
    call.version += 1
    call.save(
        update_fields=["case", "case_opened_at", "outcome", "referred_to", "version", "updated_at"]
    )
    audit.record(
        "helpline.case_opened",
        actor=by,
        obj=call,
        changes={"case": case.code, "outcome": CallOutcome.POTENTIAL_CASE.value},
    )
    return case
