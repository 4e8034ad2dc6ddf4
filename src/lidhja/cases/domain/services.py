"""Every change to a case, one atomic service each.

Each service checks the actor's access again (cases.domain.access), locks the case and checks
its version (a second writer is told what changed meanwhile), writes the change, adds an event
to the case's timeline and an entry to the audit log, all in one transaction. Audit entries
name fields and codes, never identifying values. Row locks take their own table only and come
in one order, so two services never wait on each other: the case, then its referral or other
child row, then (last, in audit.record) the audit chain's head.
"""

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lidhja.accounts.domain.actors import SYSTEM, Actor
from lidhja.accounts.domain.errors import DomainError, PermissionDenied, StaleObject
from lidhja.accounts.domain.permissions import Scope, can, scope_of
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.cases.domain import (
    attachments,
    categories,
    crypto,
    identity,
    linkage,
    sealed_columns,
)
from lidhja.cases.domain.access import CaseAccess, Level, access_to
from lidhja.cases.domain.inputs import ABROAD_FIELDS
from lidhja.cases.domain.screening import RULE, suggests_presumed
from lidhja.cases.models import (
    Attachment,
    CarePlan,
    Case,
    CaseEvent,
    CaseExploitation,
    Escalation,
    EventKind,
    FollowUpVisit,
    Guardian,
    JusticeRecord,
    Person,
    PlanStep,
    Referral,
    Screening,
    ServiceRecord,
    StayPermit,
)
from lidhja.cases.models.choices import (
    OPEN_REFERRAL,
    CaseKind,
    CaseStatus,
    ClosureReason,
    ErasureReason,
    EscalationLevel,
    IdentificationSource,
    PermitKind,
    PlanKind,
    ReferralDirection,
    ReferralStatus,
    ReopenReason,
    ServiceKind,
    Stage,
)
from lidhja.core import files
from lidhja.core.files import checked_upload
from lidhja.organisations.models import Kind, Organisation
from lidhja.organisations.models import Level as OrganisationLevel

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
MIN_REFLECTION_DAYS = 30
CASE_FIELDS = (
    "kind",
    "is_witness",
    "flagged",
    "identified_on",
    "identification_source",
    "border_point",
    "transnational",
    "recruitment_countries",
    "transit_countries",
    "exploitation_countries",
    "recruitment_means",
    "recruiter_relation",
    "minor_at_exploitation",
    "is_child",
    "foreign_national",
)


# Details held as sealed text: the field, and the column that holds it sealed.
SEALED_DETAILS = {"source_detail": "sealed_source_detail"}
DETAIL_FIELDS = (*CASE_FIELDS, *SEALED_DETAILS)


def current_details(case: Case) -> dict[str, Any]:
    """The case's details as the forms take them, sealed ones opened."""
    values = {name: getattr(case, name) for name in CASE_FIELDS}
    for name, column in SEALED_DETAILS.items():
        values[name] = crypto.open_text(getattr(case, column), case.context)
    return values


UNSEEN_SAFEGUARD = gettext_lazy(
    "This step cannot be taken on this case yet. The organisation managing the case can say why."
)


class WrongState(DomainError):
    pass


class SafeguardMissing(DomainError):
    """A step the mechanism requires first (guardian, best interests, risk assessment)."""


class CaseChanged(StaleObject):
    """The case changed since the form was loaded; `events` are what changed, newest first,
    listed only to a reader who sees the whole case (others are told to reload)."""

    def __init__(self, message: str, events: list[CaseEvent]):
        super().__init__(message)
        self.events = events

    def changes(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": event.kind,
                "at": event.at,
                "organisation": event.organisation.code if event.organisation else None,
            }
            for event in self.events
        ]


def new_code() -> str:
    return "C-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


# The clock of the services: the real one, except while `history_clock` lends another (the
# synthetic demonstration data, which needs a believable past).
_clock: ContextVar[Callable[[], datetime]] = ContextVar("case_clock", default=timezone.now)


@contextmanager
def history_clock(now: Callable[[], datetime]) -> Iterator[None]:
    token = _clock.set(now)
    try:
        yield
    finally:
        _clock.reset(token)


def _now() -> datetime:
    return _clock.get()()


def is_minor(date_of_birth: date | None, on: date) -> bool | None:
    """Under 18 on `on`, or None when the date of birth is unknown."""
    if not date_of_birth:
        return None
    return categories.age(date_of_birth, on) < 18


def _follow_date_of_birth(case: Case, born: date | None) -> None:
    """What the date of birth decides: "under 18 now" (the box cannot skip the child
    safeguards) and the age band at identification."""
    minor = is_minor(born, timezone.localdate())
    if minor is not None:
        case.is_child = minor
    case.age_band = categories.age_band(born, case.identified_on)


def _require(access: CaseAccess, minimum: Level = Level.FULL) -> None:
    if access.level < minimum or not access.can_edit:
        raise PermissionDenied(_("You may not change this case."))


def _locked(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("person", "managing_organisation", "opened_by_organisation")
        .get(pk=case.pk)
    )


def _check_version(case: Case, version: int | None, access: CaseAccess) -> None:
    """A stale version is refused; the changes made meanwhile are listed only to a reader of
    the whole case, since the timeline is part of it."""
    if version is None or case.version == version:
        return
    if access.level is not Level.FULL:
        raise CaseChanged(_("This case changed meanwhile. Reload it, then retry."), [])
    events = list(
        case.events.filter(case_version__gt=version).select_related("actor", "organisation")
    )
    raise CaseChanged(
        _("Someone else changed this case meanwhile, as listed. Review, then retry."), events
    )


def _touch(case: Case) -> None:
    case.version += 1
    case.save()


def _event(
    case: Case, kind: str, by: Actor, details: dict[str, Any] | None = None, note: str = ""
) -> CaseEvent:
    event = CaseEvent(
        case=case,
        kind=kind,
        at=_now(),
        actor=None if by is SYSTEM else by,
        organisation_id=getattr(by, "organisation_id", None),
        details=details or {},
        case_version=case.version,
    )
    if note.strip():
        event.sealed_note = crypto.seal_text(note.strip(), event.context)
    event.save()
    return event


def _changed(
    case: Case,
    by: Actor,
    kind: str,
    action: str,
    *,
    details: dict[str, Any] | None = None,
    note: str = "",
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> CaseEvent:
    """Close a change: the case's new version, its timeline event and its audit entry (with
    `changes`, by default the event's details)."""
    _touch(case)
    event = _event(case, kind, by, details, note)
    audit.record(
        action,
        actor=by,
        obj=case,
        changes=details if changes is None else changes,
        reason=reason,
    )
    return event


def _change(
    case: Case,
    *,
    by: User,
    version: int | None,
    minimum: Level = Level.FULL,
) -> tuple[Case, CaseAccess]:
    """Lock `case` for a change by `by`: access checked again on the locked row, first, then
    the version."""
    locked = _locked(case)
    access = access_to(by, locked)
    _require(access, minimum)
    _check_version(locked, version, access)
    return locked, access


def _seal(row: crypto.SealedRow, attribute: str, text: str) -> None:
    setattr(row, attribute, crypto.seal_text(text.strip(), row.context) if text.strip() else None)


def _set_exploitation(case: Case, forms: list[str]) -> None:
    case.exploitation_rows.exclude(form__in=forms).delete()
    existing = set(case.exploitation_rows.values_list("form", flat=True))
    CaseExploitation.objects.bulk_create(
        [CaseExploitation(case=case, form=f) for f in sorted(set(forms) - existing)]
    )


# --- opening a case and editing its details --------------------------------------------


def managing_unit_for(
    by: User, chosen: Organisation | None, permission: str = "case.open"
) -> Organisation:
    """Social workers open cases for their own unit; police, the Responsible Authority and
    helpline operators (`permission` "helpline.open_case") name the municipal unit that will
    manage it."""
    scope = scope_of(by, permission)
    if scope is None:
        raise PermissionDenied(_("You may not open cases."))
    if scope is Scope.OWN:
        if by.organisation is None:  # every case role belongs to an organisation
            raise PermissionDenied(_("You may not open cases."))
        return by.organisation
    if chosen is None:
        raise ValidationError(
            {"managing_organisation": _("Choose the unit that will manage the case.")}
        )
    if not is_municipal_unit(chosen):
        raise ValidationError(
            {"managing_organisation": _("A case is managed by a municipal social services unit.")}
        )
    return chosen


def status_for_kind(kind: str, status: str) -> str:
    """A person at risk has the status "at risk"; a trafficked person one of the victim
    statuses, "potential" when the case turns from at risk to trafficking."""
    if kind == CaseKind.AT_RISK:
        return CaseStatus.AT_RISK
    return CaseStatus.POTENTIAL if status in ("", CaseStatus.AT_RISK) else status


def is_municipal_unit(organisation: Organisation) -> bool:
    return (
        organisation.level == OrganisationLevel.LOCAL
        and organisation.kind == Kind.STATE
        and not organisation.collective
    )


def check_case(
    case: Case, exploitation: list[str], identity_values: dict[str, Any] | None = None
) -> None:
    """The rules of a case record, whichever page or endpoint it came through."""
    errors = {}
    if case.identification_source == IdentificationSource.BORDER and not case.border_point:
        errors["border_point"] = _("Name the border crossing point.")
    if case.kind == CaseKind.TRAFFICKING and not exploitation:
        errors["exploitation"] = _("Choose at least one form of exploitation.")
    if identity_values is not None:
        born = identity_values.get("date_of_birth")
        if born and born > timezone.localdate():
            errors["date_of_birth"] = _("A date of birth cannot be in the future.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def open_case(
    *,
    by: User,
    identity_values: dict[str, Any],
    details: dict[str, Any],
    exploitation: list[str],
    status: str,
    criteria: str,
    managing_organisation: Organisation | None = None,
    permission: str = "case.open",
) -> Case:
    """A new case. `permission` is the row of the policy that lets `by` open it: "case.open",
    or "helpline.open_case" for a potential case opened from a helpline call by an operator,
    who holds no other case permission (helpline.domain.services)."""
    if not can(by, permission):
        raise PermissionDenied(_("You may not open cases."))
    unit = managing_unit_for(by, managing_organisation, permission)
    person = Person()
    identity.store(person, identity_values)
    case = Case(
        person=person,
        managing_organisation=unit,
        opened_by_organisation=by.organisation,
        qark=unit.qark,
        status=status_for_kind(details.get("kind", ""), status),
        **{name: details[name] for name in CASE_FIELDS if name in details},
    )
    for name, column in SEALED_DETAILS.items():
        _seal(case, column, str(details.get(name) or ""))
    check_case(case, exploitation, identity_values)
    _follow_date_of_birth(case, identity_values.get("date_of_birth"))
    case.full_clean(exclude=["code", "person", "version"])
    for _attempt in range(5):
        case.code = new_code()
        try:
            with transaction.atomic():
                case.save()
            break
        except IntegrityError:
            continue
    else:
        raise RuntimeError("no free case code after 5 draws")  # 30**8 codes: not in practice
    _set_exploitation(case, exploitation)
    _event(case, EventKind.OPENED, by, {"status": case.status, "kind": case.kind}, criteria)
    audit.record(
        "case.opened",
        actor=by,
        obj=case,
        changes={
            "status": case.status,
            "managing_organisation": unit.code,
            "identity": sorted(identity.FIELDS),
        },
    )
    # Possible earlier records of the same person, proposed to the Responsible Authority; the
    # opener is told what they may see of them (linkage.warning_for). Opening is not blocked.
    linkage.propose_for(person, by=by)
    return case


@transaction.atomic
def update_details(
    case: Case, *, by: User, version: int, details: dict[str, Any], exploitation: list[str]
) -> Case:
    case, _access = _change(case, by=by, version=version)
    before = current_details(case)
    before_forms = sorted(case.exploitation_rows.values_list("form", flat=True))
    for name in CASE_FIELDS:
        if name in details:
            setattr(case, name, details[name])
    for name, column in SEALED_DETAILS.items():
        if name in details and str(details[name] or "").strip() != before[name]:
            _seal(case, column, str(details[name] or ""))
    _follow_date_of_birth(case, identity.date_of_birth(case.person))
    case.status = status_for_kind(case.kind, case.status)
    check_case(case, exploitation)
    case.full_clean(exclude=["person"])
    _set_exploitation(case, exploitation)
    after = current_details(case)
    changed = [name for name in DETAIL_FIELDS if before[name] != after[name]]
    if before_forms != sorted(set(exploitation)):
        changed.append("exploitation")
    # Names of the fields changed, never their values: a detail may say who the person is.
    _changed(
        case,
        by,
        EventKind.UPDATED,
        "case.updated",
        details={"fields": sorted(changed)},
        changes={"fields": sorted(changed)},
    )
    return case


@transaction.atomic
def update_person(
    case: Case, *, by: User, version: int, identity_values: dict[str, Any]
) -> list[str]:
    case, _access = _change(case, by=by, version=version)
    born = identity_values.get("date_of_birth")
    if born and born > timezone.localdate():
        raise ValidationError({"date_of_birth": _("A date of birth cannot be in the future.")})
    changed = identity.store(case.person, identity_values)
    if changed:
        linkage.propose_for(case.person, by=by)
        _follow_date_of_birth(case, identity_values.get("date_of_birth"))
        _changed(
            case, by, EventKind.PERSON_UPDATED, "case.person_updated", details={"fields": changed}
        )
    return changed


# --- status and screening ----------------------------------------------------------------


@transaction.atomic
def decide_status(
    case: Case, *, by: User, version: int, status: str, decided_on: date, criteria: str
) -> Case:
    case, _access = _change(case, by=by, version=version)
    if case.kind != CaseKind.TRAFFICKING:
        raise WrongState(_("A person at risk has no victim status."))
    if status == case.status:
        raise ValidationError({"status": _("The case already has this status.")})
    if status not in (CaseStatus.POTENTIAL, CaseStatus.PRESUMED, CaseStatus.IDENTIFIED):
        raise ValidationError({"status": _("Choose a victim status.")})
    if not criteria.strip():
        raise ValidationError({"criteria": _("State the criteria the decision rests on.")})
    previous = case.status
    case.status = status
    _changed(
        case,
        by,
        EventKind.STATUS,
        "case.status_decided",
        details={"from": previous, "to": status, "decided_on": decided_on.isoformat()},
        note=criteria,
        changes={"status": [previous, status]},
    )
    return case


@transaction.atomic
def record_screening(
    case: Case, *, by: User, version: int, observed: list[str], screened_on: date
) -> Screening:
    case, _access = _change(case, by=by, version=version)
    screening = Screening.objects.create(
        case=case,
        screened_on=screened_on,
        screened_by=by,
        observed=sorted(observed),
        suggests_presumed=suggests_presumed(observed),
        rule=RULE,
    )
    _changed(
        case,
        by,
        EventKind.SCREENING,
        "case.screened",
        details={"observed": len(observed), "suggests_presumed": screening.suggests_presumed},
        changes={"indicators": sorted(observed)},
    )
    return screening


# --- referrals -----------------------------------------------------------------------------


@transaction.atomic
def send_referral(case: Case, *, by: User, version: int, values: dict[str, Any]) -> Referral:
    case, _access = _change(case, by=by, version=version)
    if case.stage != Stage.OPEN:
        raise WrongState(_("Only an open case can be referred."))
    referral = Referral(case=case, from_organisation=by.organisation, sent_by=by, sent_at=_now())
    for name in (
        "to_organisation",
        "service",
        "shared",
        "direction",
        "partner_country",
        "return_on",
        "return_notice_on",
    ):
        if name in values:
            setattr(referral, name, values[name])
    errors = _receiver_errors(referral, values, by)
    if referral.direction == ReferralDirection.DOMESTIC:
        errors.update(_abroad_only(values))
    elif not referral.partner_country or not str(values.get("partner_authority", "")).strip():
        errors["partner_authority"] = _("Name the partner country and its authority.")
    if referral.service == ServiceKind.RETURN:
        errors.update(return_safeguards_missing(case))
    if referral.direction == ReferralDirection.OUTGOING and referral.service == ServiceKind.RETURN:
        errors.update(_return_abroad_errors(referral, values.get("post_return_plan", "")))
    if errors:
        raise ValidationError(errors)
    if referral.direction != ReferralDirection.DOMESTIC:
        case.transnational = True
    _seal(referral, "sealed_note", values.get("note", ""))
    _seal(referral, "sealed_post_return_plan", values.get("post_return_plan", ""))
    _seal(referral, "sealed_partner_authority", values.get("partner_authority", ""))
    referral.full_clean(exclude=["case", "from_organisation", "sent_by"])
    referral.save()
    _changed(
        case,
        by,
        EventKind.REFERRAL_SENT,
        "case.referral_sent",
        details={
            "referral": referral.pk,
            "service": referral.service,
            "to": referral.to_organisation.code
            if referral.to_organisation
            else referral.partner_country,
            "direction": referral.direction,
            "shared": sorted(referral.shared),
        },
        changes={
            "referral": referral.pk,
            "service": referral.service,
            "shared": sorted(referral.shared),
        },
    )
    return referral


def _receiver_errors(referral: Referral, values: dict[str, Any], by: User) -> dict[str, str]:
    """A referral within the country goes to one organisation, not the sender's, that
    provides the service; one abroad goes to the partner's authority, not to an organisation."""
    to = referral.to_organisation
    if referral.direction != ReferralDirection.DOMESTIC:
        if to is not None:
            return {"to_organisation": _("A referral abroad goes to the partner authority.")}
        return {}
    if to is None:
        return {"to_organisation": _("Choose the organisation the case is referred to.")}
    if to.collective:
        return {"to_organisation": _("Refer to one organisation, not to a class of actors.")}
    if to.pk == by.organisation_id:
        return {"to_organisation": _("A case cannot be referred to your own organisation.")}
    if referral.service and not to.provides(referral.service):
        service = (
            ServiceKind(referral.service).label
            if referral.service in ServiceKind.values
            else referral.service
        )
        return {
            "to_organisation": _("%(org)s does not provide this service: %(service)s.")
            % {"org": to.short_name, "service": service}
        }
    return {}


def _abroad_only(values: dict[str, Any]) -> dict[str, str]:
    """The partner country's fields, given on a referral within the country, are refused."""
    message = _("Only a referral to or from a partner country takes this.")
    return {name: message for name in ABROAD_FIELDS if values.get(name) not in (None, "", [])}


def return_safeguards_missing(case: Case) -> dict[str, str]:
    """A return needs a risk assessment and a risk management plan first and, for a child,
    the child safeguards."""
    errors = {}
    kinds = set(case.plans.values_list("kind", flat=True))
    if PlanKind.RISK not in kinds or PlanKind.RISK_MANAGEMENT not in kinds:
        errors["service"] = _("A risk assessment and a risk management plan must precede a return.")
    missing = child_safeguards_missing(case)
    if missing:
        errors["service"] = " ".join([errors.get("service", ""), *missing]).strip()
    return errors


def _return_abroad_errors(referral: Referral, post_return_plan: str) -> dict[str, str]:
    """A return abroad also needs its date, advance notice and a post-return plan."""
    errors = {}
    if referral.return_on is None:
        errors["return_on"] = _("Give the planned date of return.")
    if referral.return_notice_on is None:
        errors["return_notice_on"] = _("Record when advance notice of the return was given.")
    elif referral.return_on and referral.return_notice_on > referral.return_on:
        errors["return_notice_on"] = _("Notice must be given before the return.")
    if not post_return_plan.strip():
        errors["post_return_plan"] = _("Describe the post-return plan agreed with the partner.")
    return errors


ANSWERS = {
    "accept": ((ReferralStatus.SENT,), ReferralStatus.ACCEPTED),
    "decline": ((ReferralStatus.SENT,), ReferralStatus.DECLINED),
    "start": ((ReferralStatus.ACCEPTED,), ReferralStatus.STARTED),
    "complete": ((ReferralStatus.STARTED,), ReferralStatus.COMPLETED),
}


@transaction.atomic
def answer_referral(
    referral: Referral, *, by: User, version: int, answer: str, reason: str = ""
) -> Referral:
    """The receiving organisation accepts or declines, starts and completes the service. For a
    referral abroad the referring side records the partner's answers."""
    case = _locked(referral.case)  # the lock order: case, then referral
    referral = Referral.objects.select_for_update(of=("self",)).get(pk=referral.pk)
    access = access_to(by, case)
    if access.level is Level.NONE:
        raise PermissionDenied(_("Only the receiving organisation answers a referral."))
    if referral.version != version:
        raise StaleObject(_("This referral was answered by someone else meanwhile. Reload it."))
    receiving = (
        referral.to_organisation_id == by.organisation_id and referral.pk in access.referral_ids
    )
    abroad = referral.to_organisation_id is None and access.level is Level.FULL
    if not access.can_edit or not (receiving or abroad):
        raise PermissionDenied(_("Only the receiving organisation answers a referral."))
    sources, target = ANSWERS[answer]
    if referral.status not in sources:
        raise WrongState(_("The referral is not in a state this answer applies to."))
    if answer == "decline" and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    now = _now()
    referral.status = target
    if answer in ("accept", "decline"):
        referral.responded_at = now
        _seal(referral, "sealed_decline_reason", reason[:255] if answer == "decline" else "")
    elif answer == "start":
        referral.started_at = now
    else:
        referral.completed_at = now
    referral.version += 1
    referral.save()
    _changed(
        case,
        by,
        EventKind.REFERRAL_ANSWERED,
        "case.referral_answered",
        details={"referral": referral.pk, "status": target},
    )
    return referral


# --- assessments, plans, services, follow-up ---------------------------------------------


@transaction.atomic
def record_plan(case: Case, *, by: User, version: int, values: dict[str, Any]) -> CarePlan:
    case, _access = _change(case, by=by, version=version)
    plan = CarePlan(
        case=case,
        organisation=by.organisation,
        recorded_by=by,
        kind=values["kind"],
        made_on=values["made_on"],
        risk_level=values.get("risk_level") or "",
        reintegrated_on=values.get("reintegrated_on"),
    )
    if plan.kind == PlanKind.RISK and not plan.risk_level:
        raise ValidationError({"risk_level": _("A risk assessment states the level of risk.")})
    if plan.kind == PlanKind.REINTEGRATION and plan.reintegrated_on is None:
        raise ValidationError({"reintegrated_on": _("Give the date of reintegration.")})
    _seal(plan, "sealed_note", values.get("note", ""))
    plan.full_clean(exclude=["case", "organisation", "recorded_by"])
    plan.save()
    steps = []
    for text, due in values.get("steps", []):
        step = PlanStep(plan=plan, due_on=due)
        _seal(step, "sealed_note", text)
        steps.append(step)
    PlanStep.objects.bulk_create(steps)
    _changed(
        case,
        by,
        EventKind.PLAN,
        "case.plan_recorded",
        details={"plan": plan.pk, "kind": plan.kind, "steps": len(steps)},
        changes={"plan": plan.pk, "kind": plan.kind},
    )
    return plan


@transaction.atomic
def complete_step(step: PlanStep, *, by: User, version: int, done_on: date) -> PlanStep:
    case, _access = _change(step.plan.case, by=by, version=version)
    step = PlanStep.objects.select_for_update(of=("self",)).get(pk=step.pk)
    if step.done_on is not None:
        raise WrongState(_("This step is already done."))
    step.done_on = done_on
    step.save()
    _changed(
        case,
        by,
        EventKind.PLAN_STEP,
        "case.step_done",
        details={"plan": step.plan_id, "step": step.pk, "done_on": done_on.isoformat()},
        changes={"step": step.pk},
    )
    return step


@transaction.atomic
def record_service(case: Case, *, by: User, version: int, values: dict[str, Any]) -> ServiceRecord:
    """A service given (or offered and refused). Service providers record the services of an
    open referral to them; case managers any service."""
    case, access = _change(case, by=by, version=version, minimum=Level.SHARED)
    provider: Organisation | None = values.get("provider") or by.organisation
    if provider is None or (access.level is Level.SHARED and provider.pk != by.organisation_id):
        raise PermissionDenied(_("You record only your own organisation's services."))
    record = ServiceRecord(
        case=case,
        kind=values["kind"],
        provider=provider,
        recorded_by=by,
        started_on=values["started_on"],
        ended_on=values.get("ended_on"),
        refused=bool(values.get("refused")),
    )
    if record.kind == ServiceKind.RETURN and not record.refused:
        missing = return_safeguards_missing(case)
        if missing and access.level is not Level.FULL:
            # The safeguards name parts of the case this reader does not see.
            raise SafeguardMissing(str(UNSEEN_SAFEGUARD))
        if missing:
            raise ValidationError({"kind": missing["service"]})
    if record.ended_on and record.ended_on < record.started_on:
        raise ValidationError({"ended_on": _("The end cannot come before the start.")})
    _seal(record, "sealed_note", values.get("note", ""))
    record.full_clean(exclude=["case", "provider", "recorded_by"])
    record.save()
    kind = EventKind.REFUSAL if record.refused else EventKind.SERVICE
    _changed(
        case,
        by,
        kind,
        "case.service_recorded",
        details={"service": record.kind, "provider": provider.code},
        changes={"service": record.kind, "refused": record.refused},
    )
    return record


@transaction.atomic
def record_follow_up(
    case: Case, *, by: User, version: int, values: dict[str, Any]
) -> FollowUpVisit:
    case, _access = _change(case, by=by, version=version)
    if not case.plans.filter(kind=PlanKind.REINTEGRATION).exists():
        raise SafeguardMissing(
            _("Follow-up visits belong to a reintegration plan; record the plan first.")
        )
    visit = FollowUpVisit(
        case=case,
        visited_on=values["visited_on"],
        recorded_by=by,
        employed=bool(values.get("employed")),
        re_trafficked=bool(values.get("re_trafficked")),
    )
    _seal(visit, "sealed_note", values.get("note", ""))
    visit.save()
    _changed(
        case,
        by,
        EventKind.FOLLOW_UP,
        "case.follow_up",
        details={"employed": visit.employed, "re_trafficked": visit.re_trafficked},
    )
    return visit


@transaction.atomic
def record_permit(case: Case, *, by: User, version: int, values: dict[str, Any]) -> StayPermit:
    case, _access = _change(case, by=by, version=version)
    if not case.foreign_national:
        raise WrongState(_("Reflection periods and residence permits are for foreign nationals."))
    permit = StayPermit(
        case=case,
        kind=values["kind"],
        starts_on=values["starts_on"],
        ends_on=values["ends_on"],
    )
    _seal(permit, "sealed_reference", values.get("reference") or "")
    if permit.ends_on < permit.starts_on:
        raise ValidationError({"ends_on": _("The end cannot come before the start.")})
    if permit.kind == PermitKind.REFLECTION and (permit.ends_on - permit.starts_on) < timedelta(
        days=MIN_REFLECTION_DAYS
    ):
        raise ValidationError({"ends_on": _("A reflection period lasts at least 30 days.")})
    permit.full_clean(exclude=["case"])
    permit.save()
    _changed(
        case,
        by,
        EventKind.PERMIT,
        "case.permit_recorded",
        details={
            "kind": permit.kind,
            "from": permit.starts_on.isoformat(),
            "until": permit.ends_on.isoformat(),
        },
        changes={"kind": permit.kind},
    )
    return permit


JUSTICE_FIELDS = (
    "witness_participation",
    "protection_programme",
    "compensation_claimed",
    "compensation_awarded",
)


@transaction.atomic
def update_justice(case: Case, *, by: User, version: int, values: dict[str, Any]) -> JusticeRecord:
    case, _access = _change(case, by=by, version=version)
    record, _created = JusticeRecord.objects.select_for_update(of=("self",)).get_or_create(
        case=case
    )
    before = {name: getattr(record, name) for name in JUSTICE_FIELDS}
    for name in JUSTICE_FIELDS:
        setattr(record, name, values.get(name))
    record.witness_participation = bool(record.witness_participation)
    record.protection_programme = bool(record.protection_programme)
    record.full_clean(exclude=["case"])
    record.version += 1
    record.save()
    if record.witness_participation and not case.is_witness:
        case.is_witness = True
    changes = audit.diff(before, {name: getattr(record, name) for name in JUSTICE_FIELDS})
    _changed(
        case,
        by,
        EventKind.JUSTICE,
        "case.justice_updated",
        details={"fields": sorted(changes)},
        changes=changes,
    )
    return record


# --- children --------------------------------------------------------------------------------


def child_safeguards_missing(case: Case) -> list[str]:
    """What a child's case still lacks before return or closure (empty for an adult)."""
    if not case.is_child:
        return []
    missing = []
    if not Guardian.objects.filter(case=case).exists():
        missing.append(str(_("A child needs a guardian or legal representative first.")))
    if not case.plans.filter(kind=PlanKind.BEST_INTERESTS).exists():
        missing.append(str(_("A child's best interests must be assessed first.")))
    return missing


@transaction.atomic
def appoint_guardian(case: Case, *, by: User, version: int, values: dict[str, Any]) -> Guardian:
    case, _access = _change(case, by=by, version=version)
    guardian = Guardian.objects.filter(case=case).first() or Guardian(case=case)
    guardian.appointed_on = values["appointed_on"]
    guardian.sealed_identity = crypto.seal_json(
        {name: str(values.get(name, "")) for name in identity.GUARDIAN_FIELDS}, guardian.context
    )
    guardian.save()
    _changed(
        case,
        by,
        EventKind.GUARDIAN,
        "case.guardian_appointed",
        details={"appointed_on": guardian.appointed_on.isoformat()},
        changes={"guardian": sorted(identity.GUARDIAN_FIELDS)},
    )
    return guardian


# --- transfer ---------------------------------------------------------------------------------


@transaction.atomic
def transfer_case(case: Case, *, by: User, version: int, to: Organisation, reason: str) -> Case:
    """Hand the case to another municipal unit (the person moved): the new unit manages it,
    the old one no longer sees it (unless it also opened it as police would)."""
    case, _access = _change(case, by=by, version=version)
    if case.stage != Stage.OPEN:
        raise WrongState(_("Only an open case can be transferred."))
    if not is_municipal_unit(to):
        raise ValidationError({"to": _("A case is managed by a municipal social services unit.")})
    if to.pk == case.managing_organisation_id:
        raise ValidationError({"to": _("The case is already managed by this unit.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is transferred.")})
    previous = case.managing_organisation.code
    case.managing_organisation = to
    case.qark = to.qark
    _changed(
        case,
        by,
        EventKind.TRANSFERRED,
        "case.transferred",
        details={"from": previous, "to": to.code},
        note=reason,
        changes={"managing_organisation": [previous, to.code]},
    )
    return case


# --- escalation --------------------------------------------------------------------------------


@transaction.atomic
def escalate(case: Case, *, by: User, version: int, values: dict[str, Any]) -> Escalation:
    case, _access = _change(case, by=by, version=version)
    level = values["level"]
    if level == EscalationLevel.RCAT and not case.qark:
        raise ValidationError({"level": _("The case has no qark, so no regional committee.")})
    if case.escalations.filter(level=level, resolved_at__isnull=True).exists():
        raise WrongState(_("The case is already escalated there."))
    escalation = Escalation(
        case=case, level=level, reason=values["reason"], raised_by=by, raised_at=_now()
    )
    _seal(escalation, "sealed_note", values.get("note", ""))
    escalation.full_clean(exclude=["case", "raised_by", "resolved_by"])
    escalation.save()
    case.flagged = True
    _changed(
        case,
        by,
        EventKind.ESCALATED,
        "case.escalated",
        details={"escalation": escalation.pk, "level": level, "reason": escalation.reason},
        note=values.get("note", ""),
        changes={"level": level, "reason": escalation.reason},
    )
    return escalation


def may_resolve(by: User, escalation: Escalation) -> bool:
    """The Responsible Authority resolves any escalation; a regional committee those to it."""
    scope = scope_of(by, "case.resolve_escalation")
    if scope is Scope.ALL:
        return True
    return scope is Scope.QARK and escalation.level == EscalationLevel.RCAT


@transaction.atomic
def resolve_escalation(
    escalation: Escalation, *, by: User, version: int, resolution: str
) -> Escalation:
    """The committee or the Responsible Authority the case was escalated to resolves it."""
    case, _access = _change(escalation.case, by=by, version=version)
    escalation = Escalation.objects.select_for_update(of=("self",)).get(pk=escalation.pk)
    if not may_resolve(by, escalation):
        raise PermissionDenied(_("Only the body the case was escalated to resolves it."))
    if escalation.resolved_at is not None:
        raise WrongState(_("This escalation is already resolved."))
    if not resolution.strip():
        raise ValidationError({"resolution": _("Describe how the escalation was resolved.")})
    escalation.resolved_at = _now()
    escalation.resolved_by = by
    _seal(escalation, "sealed_resolution", resolution)
    escalation.save()
    _changed(
        case,
        by,
        EventKind.ESCALATION_RESOLVED,
        "case.escalation_resolved",
        details={"escalation": escalation.pk, "level": escalation.level},
        note=resolution,
        changes={"escalation": escalation.pk},
    )
    return escalation


# --- notes, closure, archiving, erasure ---------------------------------------------------


@transaction.atomic
def add_note(case: Case, *, by: User, version: int, note: str) -> CaseEvent:
    case, _access = _change(case, by=by, version=version, minimum=Level.SHARED)
    if not note.strip():
        raise ValidationError({"note": _("Write the note.")})
    event = _changed(case, by, EventKind.NOTE, "case.note_added", note=note)
    return event


@transaction.atomic
def close_case(
    case: Case, *, by: User, version: int, closed_on: date, reason: str, note: str = ""
) -> Case:
    case, _access = _change(case, by=by, version=version)
    if case.stage != Stage.OPEN:
        raise WrongState(_("Only an open case can be closed."))
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": _("Choose the reason for closing the case.")})
    if closed_on < case.identified_on:
        raise ValidationError({"closed_on": _("A case cannot close before its first contact.")})
    missing = child_safeguards_missing(case)
    if missing:
        raise SafeguardMissing(" ".join(missing))
    if case.referrals.filter(status__in=OPEN_REFERRAL).exists():
        raise WrongState(_("Complete or close the open referrals before closing the case."))
    if case.escalations.filter(resolved_at__isnull=True).exists():
        raise WrongState(_("Resolve the open escalations before closing the case."))
    case.stage = Stage.CLOSED
    case.closed_on = closed_on
    case.closure_reason = reason
    _changed(
        case,
        by,
        EventKind.CLOSED,
        "case.closed",
        details={"reason": reason, "closed_on": closed_on.isoformat()},
        note=note,
        changes={"closure_reason": reason},
        reason=reason,
    )
    return case


@transaction.atomic
def reopen_case(case: Case, *, by: User, version: int, reason: str, note: str = "") -> Case:
    """Reopen a closed case, for a stated reason (a code: kept in the audit entry's reason);
    the note, free text about the person, is sealed in the timeline."""
    case, _access = _change(case, by=by, version=version)
    if case.stage != Stage.CLOSED:
        raise WrongState(_("Only a closed case can be reopened."))
    if reason not in ReopenReason.values:
        raise ValidationError({"reason": _("Choose why the case is reopened.")})
    case.stage = Stage.OPEN
    case.closed_on = None
    case.closure_reason = ""
    _changed(
        case,
        by,
        EventKind.REOPENED,
        "case.reopened",
        details={"reason": reason},
        note=note,
        reason=reason,
    )
    return case


def archive_due(today: date, years: int) -> list[Case]:
    """Closed cases whose retention period has run out."""
    cutoff = today.replace(year=today.year - years)
    return list(Case.objects.filter(stage=Stage.CLOSED, closed_on__lte=cutoff))


@transaction.atomic
def archive_cases(cases: list[Case]) -> int:
    """Archive cases (read-only from then on); run by the retention command, not by users."""
    now = _now()
    for case in cases:
        case = _locked(case)
        case.stage = Stage.ARCHIVED
        case.archived_at = now
        _changed(case, SYSTEM, EventKind.ARCHIVED, "case.archived")
    return len(cases)


@transaction.atomic
def erase_person(case: Case, *, by: User, version: int, reason: str, basis: str) -> Case:
    """Erase a person's identifying data on a lawful request; the case keeps its codes, dates
    and categories, so statistics stay whole. Sealed notes and attachments go too. The kind of
    request (a code) is kept in the audit entry's reason; its reference is sealed."""
    if not can(by, "case.erase"):
        raise PermissionDenied(_("Only the Responsible Authority erases personal data."))
    case, _access = _change(case, by=by, version=version)
    if reason not in ErasureReason.values:
        raise ValidationError({"reason": _("Choose the kind of request the erasure answers.")})
    if not basis.strip():
        raise ValidationError({"basis": _("Cite the lawful request the erasure answers.")})
    person = Person.objects.select_for_update(of=("self",)).get(pk=case.person_id)
    person.sealed = None
    person.key_id = ""
    person.erased_at = _now()
    _seal(person, "sealed_erasure_basis", basis[:255])
    person.version += 1
    person.save()
    person.name_tokens.all().delete()
    person.link_tokens.all().delete()
    for other in person.cases.all():
        _erase_case_text(other)
    case.refresh_from_db()
    _changed(
        case, by, EventKind.ERASED, "case.person_erased", details={"reason": reason}, reason=reason
    )
    return case


def _erase_case_text(case: Case) -> None:
    sealed_columns.clear_case_text(case)
    attachments.erase_files(Attachment.objects.filter(case=case))


# --- attachments ---------------------------------------------------------------------------


@files.atomic()
def add_attachment(case: Case, name: str, content: bytes, *, by: User, version: int) -> Attachment:
    case, _access = _change(case, by=by, version=version)
    safe_name, content_type = checked_upload(
        name, content, settings.LIDHJA_CASE_ATTACHMENT_MAX_BYTES
    )
    attachment = Attachment(
        case=case, content_type=content_type, size=len(content), uploaded_by=by, uploaded_at=_now()
    )
    path = attachments.write(attachment, safe_name, content)
    try:
        attachment.save()
        _changed(
            case,
            by,
            EventKind.ATTACHMENT,
            "case.attachment_added",
            details={"attachment": attachment.pk, "size": len(content)},
            changes={"attachment": attachment.pk},
        )
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return attachment


@transaction.atomic
def read_attachment(attachment: Attachment, *, by: User) -> tuple[str, bytes]:
    """(file name, content) for a user with full access to the case; the read is audited."""
    if access_to(by, attachment.case).level is not Level.FULL or attachment.erased:
        raise PermissionDenied(_("You may not open this file."))
    name, content = attachments.read(attachment)
    audit.record(
        "case.attachment_read", actor=by, obj=attachment.case, changes={"attachment": attachment.pk}
    )
    return name, content
