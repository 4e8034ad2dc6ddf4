"""Every change to a proceeding, one atomic service each.

Each service locks the proceeding (its own row only), checks the actor's access on the locked
row and the version the actor read (a stale one is refused with 409), writes the change and an
audit entry in the same transaction. Audit entries name fields and codes, never a defendant's
identifying values, which are sealed (`Defendant.sealed_identity`, cases.domain.crypto).
"""

import secrets
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import DomainError, NotFound, PermissionDenied, StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.cases.domain import categories, crypto
from lidhja.cases.domain.access import access_to
from lidhja.cases.domain.services import CODE_ALPHABET
from lidhja.cases.models import Case
from lidhja.core.figures import day
from lidhja.justice.domain import offences as offence_table
from lidhja.justice.domain.access import may_edit, may_see
from lidhja.justice.domain.victims import checked_code, may_decide
from lidhja.justice.models import AssetRecord, Defendant, Proceeding, Stage, VictimLink
from lidhja.justice.models.choices import (
    DEFENDANT_STAGES,
    STAGE_ORDER,
    VERDICT_STAGES,
    AssetKind,
    LinkStatus,
    Outcome,
    StageKind,
)

# The identifying data of a defendant, sealed together; never in a column, log or audit entry.
IDENTITY_FIELDS = ("given_name", "family_name", "date_of_birth", "document_number")
CATEGORY_FIELDS = ("sex", "age_band", "citizenship", "role", "official_service")
# Outcomes each stage may end in ("" where a stage has none).
OUTCOMES: dict[str, tuple[str, ...]] = {
    StageKind.REPORTED: (Outcome.NONE,),
    StageKind.INVESTIGATION: (Outcome.OPENED, Outcome.DISMISSED),
    StageKind.ARREST: (Outcome.NONE,),
    StageKind.INDICTMENT: (Outcome.NONE, Outcome.DISMISSED),
    **dict.fromkeys(
        VERDICT_STAGES,
        (Outcome.CONVICTED, Outcome.ACQUITTED, Outcome.DISMISSED, Outcome.SENT_BACK, Outcome.OTHER),
    ),
}


class WrongState(DomainError):
    pass


def _code(prefix: str) -> str:
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _save_with_code(row: Model, prefix: str) -> None:
    """Save a new row under a fresh random code (retried on the unlikely collision)."""
    for _attempt in range(5):
        row.code = _code(prefix)  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                row.save()
            return
        except IntegrityError:
            continue
    raise RuntimeError("no free code after 5 draws")  # 30**8 codes: not in practice


def _change(proceeding: Proceeding, *, by: User, version: int | None) -> Proceeding:
    """Lock the proceeding; check access on the locked row, then the version."""
    locked = (
        Proceeding.objects.select_for_update(of=("self",))
        .select_related("office")
        .get(pk=proceeding.pk)
    )
    if not may_see(by, locked):
        raise NotFound(_("No such proceeding."))
    if not may_edit(by, locked):
        raise PermissionDenied(_("You may not change this proceeding."))
    if version is not None and locked.version != version:
        raise StaleObject(_("This proceeding changed meanwhile. Reload it, then retry."))
    return locked


def _changed(proceeding: Proceeding, by: User, action: str, changes: dict[str, Any]) -> None:
    proceeding.version += 1
    proceeding.save()
    audit.record(action, actor=by, obj=proceeding, changes=changes)


def _resolve_offences(articles: list[str], on: date) -> list[Any]:
    table = offence_table.in_force(on)
    found = {o.article: o for o in (table.offences.all() if table else [])}
    unknown = sorted(set(articles) - set(found))
    if not articles:
        raise ValidationError({"offences": _("Choose at least one offence.")})
    if unknown:
        raise ValidationError(
            {
                "offences": _("Not in the table of offences in force on %(day)s: %(articles)s.")
                % {"day": day(on), "articles": ", ".join(unknown)}
            }
        )
    return [found[a] for a in sorted(set(articles))]


def _not_future(field: str, day: date) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("A date cannot be in the future.")})


# --- registering ---------------------------------------------------------------------------


@transaction.atomic
def register_proceeding(*, by: User, registered_on: date, offences: list[str]) -> Proceeding:
    """A proceeding of the actor's own office, reported on `registered_on`."""
    if not can(by, "justice.edit") or by.organisation is None:
        raise PermissionDenied(_("You may not register proceedings."))
    _not_future("registered_on", registered_on)
    rows = _resolve_offences(offences, registered_on)
    proceeding = Proceeding(office=by.organisation, registered_on=registered_on)
    _save_with_code(proceeding, "P-")
    proceeding.offences.set(rows)
    Stage.objects.create(
        proceeding=proceeding, kind=StageKind.REPORTED, on=registered_on, recorded_by=by
    )
    audit.record(
        "justice.proceeding_registered",
        actor=by,
        obj=proceeding,
        changes={"office": by.organisation.code, "offences": [o.article for o in rows]},
    )
    return proceeding


@transaction.atomic
def set_offences(
    proceeding: Proceeding, *, by: User, version: int, offences: list[str]
) -> Proceeding:
    proceeding = _change(proceeding, by=by, version=version)
    rows = _resolve_offences(offences, proceeding.registered_on)
    proceeding.offences.set(rows)
    _changed(proceeding, by, "justice.offences_set", {"offences": [o.article for o in rows]})
    return proceeding


# --- defendants ----------------------------------------------------------------------------


def _identity(values: dict[str, Any]) -> dict[str, str]:
    out = {}
    for name in IDENTITY_FIELDS:
        value = values.get(name)
        out[name] = value.isoformat() if isinstance(value, date) else str(value or "").strip()
    return out


@transaction.atomic
def add_defendant(
    proceeding: Proceeding, *, by: User, version: int, values: dict[str, Any]
) -> Defendant:
    """A defendant with statistical categories in columns and identifying data sealed. A date
    of birth gives the age band at the date the proceeding was registered."""
    proceeding = _change(proceeding, by=by, version=version)
    if proceeding.closed_on is not None:
        raise WrongState(_("This proceeding is closed."))
    defendant = Defendant(proceeding=proceeding, **_categories(proceeding, values))
    identity = _identity(values)
    if any(identity.values()):
        defendant.sealed_identity = crypto.seal_json(identity, defendant.context)
    _save_with_code(defendant, "D-")
    _changed(
        proceeding,
        by,
        "justice.defendant_added",
        {
            "defendant": defendant.code,
            "identity": sorted(name for name, value in identity.items() if value),
        },
    )
    return defendant


def _categories(proceeding: Proceeding, values: dict[str, Any]) -> dict[str, str]:
    born = values.get("date_of_birth")
    if born:
        _not_future("date_of_birth", born)
    return {
        "sex": categories.sex(values.get("sex") or ""),
        "citizenship": categories.citizenship(values.get("citizenship") or ""),
        "role": values["role"],
        "official_service": values.get("official_service") or "",
        "age_band": (
            categories.age_band(born, proceeding.registered_on)
            if born
            else values.get("age_band") or ""
        ),
    }


def sentence_stage(defendant: Defendant) -> Stage | None:
    """The verdict that carries the defendant's sentence: the latest conviction."""
    return (
        defendant.stages.filter(kind__in=VERDICT_STAGES, outcome=Outcome.CONVICTED)
        .order_by("-on", "-id")
        .first()
    )


def _sentence(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "prison_months": values.get("prison_months"),
        "fine_lek": values.get("fine_lek"),
        "suspended": bool(values.get("suspended")),
    }


def _resentence(defendant: Defendant, values: dict[str, Any]) -> list[str]:
    """Set the sentence of the defendant's latest conviction; the names of the fields changed."""
    wanted = _sentence(values)
    verdict = sentence_stage(defendant)
    if verdict is None:
        if wanted != {"prison_months": None, "fine_lek": None, "suspended": False}:
            raise ValidationError(
                {"prison_months": _("A sentence goes with a conviction: none is recorded.")}
            )
        return []
    changed = [name for name, value in wanted.items() if getattr(verdict, name) != value]
    if changed:
        for name in changed:
            setattr(verdict, name, wanted[name])
        verdict.save(update_fields=changed)
    return changed


@transaction.atomic
def edit_defendant(
    proceeding: Proceeding,
    *,
    by: User,
    version: int,
    defendant: Defendant,
    values: dict[str, Any],
) -> Defendant:
    """Replace a defendant's categories, sentence (that of the latest conviction) and sealed
    identity with `values`. The audit entry names the fields changed, never their values."""
    proceeding = _change(proceeding, by=by, version=version)
    locked = (
        Defendant.objects.select_for_update(of=("self",))
        .filter(pk=defendant.pk, proceeding=proceeding)
        .first()
    )
    if locked is None:
        raise ValidationError({"defendant": _("This proceeding has no such defendant.")})
    defendant = locked
    changed = []
    for name, value in _categories(proceeding, values).items():
        if getattr(defendant, name) != value:
            setattr(defendant, name, value)
            changed.append(name)
    before, identity = identity_of(defendant), _identity(values)
    changed += [name for name in IDENTITY_FIELDS if before.get(name, "") != identity[name]]
    if any(name in IDENTITY_FIELDS for name in changed):
        defendant.sealed_identity = (
            crypto.seal_json(identity, defendant.context) if any(identity.values()) else None
        )
    changed += _resentence(defendant, values)
    if not changed:
        return defendant
    defendant.version += 1
    defendant.save()
    _changed(
        proceeding,
        by,
        "justice.defendant_edited",
        {"defendant": defendant.code, "fields": sorted(changed)},
    )
    return defendant


def identity_of(defendant: Defendant) -> dict[str, str]:
    """Decrypt without a check: only for `reading.reveal_defendants`, which audits the read."""
    return {
        name: str(value)
        for name, value in crypto.open_json(
            bytes(defendant.sealed_identity) if defendant.sealed_identity else None,
            defendant.context,
        ).items()
    }


# --- stages --------------------------------------------------------------------------------


def _stage_errors(proceeding: Proceeding, stage: Stage) -> dict[str, str]:
    errors = {}
    if stage.kind in DEFENDANT_STAGES and stage.defendant is None:
        errors["defendant"] = _("Choose the defendant this stage is about.")
    if stage.kind not in DEFENDANT_STAGES and stage.defendant is not None:
        errors["defendant"] = _("This stage is about the whole proceeding, not one defendant.")
    if stage.outcome not in OUTCOMES[stage.kind]:
        errors["outcome"] = _("This outcome does not end this stage.")
    sentenced = stage.prison_months is not None or stage.fine_lek is not None or stage.suspended
    if sentenced and not (stage.kind in VERDICT_STAGES and stage.outcome == Outcome.CONVICTED):
        errors["prison_months"] = _("A sentence goes with a conviction.")
    if stage.on < proceeding.registered_on:
        errors["on"] = _("A stage cannot precede the registration of the proceeding.")
    return errors


def _order_errors(stage: Stage) -> dict[str, str]:
    """A defendant's (or the proceeding's) stages follow STAGE_ORDER, in date order, and end
    with the final decision (an appeal may follow an appeal; a retrial a first instance)."""
    earlier = Stage.objects.filter(proceeding=stage.proceeding, defendant=stage.defendant)
    last = earlier.order_by("-on", "-id").first()
    if last is None:
        return {}
    if last.kind == StageKind.FINAL:
        return {"kind": _("A final decision has been recorded already.")}
    index, last_index = STAGE_ORDER.index(stage.kind), STAGE_ORDER.index(last.kind)
    retrial = last.outcome == Outcome.SENT_BACK and stage.kind == StageKind.FIRST_INSTANCE
    if index < last_index and not retrial:
        return {"kind": _("This stage comes before the latest stage recorded.")}
    if stage.on < last.on:
        return {"on": _("A stage cannot precede the latest stage recorded.")}
    return {}


def _close_if_ended(proceeding: Proceeding, stage: Stage) -> None:
    dismissed = stage.kind == StageKind.INVESTIGATION and stage.outcome == Outcome.DISMISSED
    defendants = list(proceeding.defendants.values_list("pk", flat=True))
    finals = set(
        proceeding.stages.filter(kind=StageKind.FINAL).values_list("defendant_id", flat=True)
    )
    if dismissed or (defendants and finals >= set(defendants)):
        proceeding.closed_on = stage.on


@transaction.atomic
def record_stage(
    proceeding: Proceeding, *, by: User, version: int, values: dict[str, Any]
) -> Stage:
    """One dated stage with its outcome (and, for a conviction, its sentence)."""
    proceeding = _change(proceeding, by=by, version=version)
    if proceeding.closed_on is not None:
        raise WrongState(_("This proceeding is closed."))
    _not_future("on", values["on"])
    stage = Stage(
        proceeding=proceeding,
        defendant=values.get("defendant"),
        kind=values["kind"],
        on=values["on"],
        outcome=values.get("outcome") or "",
        prison_months=values.get("prison_months"),
        fine_lek=values.get("fine_lek"),
        suspended=bool(values.get("suspended")),
        recorded_by=by,
    )
    errors = _stage_errors(proceeding, stage) or _order_errors(stage)
    if errors:
        raise ValidationError(errors)
    stage.save()
    if STAGE_ORDER.index(stage.kind) > STAGE_ORDER.index(proceeding.stage):
        proceeding.stage = stage.kind
    _close_if_ended(proceeding, stage)
    _changed(
        proceeding,
        by,
        "justice.stage_recorded",
        {
            "stage": stage.kind,
            "outcome": stage.outcome,
            "defendant": stage.defendant.code if stage.defendant else None,
        },
    )
    return stage


# --- assets and compensation ----------------------------------------------------------------


def _total(proceeding: Proceeding, kind: str) -> Decimal:
    return proceeding.assets.filter(kind=kind).aggregate(s=Sum("amount_lek"))["s"] or Decimal(0)


# An amount that may not exceed the total of another kind, in the same proceeding.
BOUNDED_BY = {
    AssetKind.SPECIAL_FUND: AssetKind.CONFISCATED,
    AssetKind.COMPENSATION_PAID: AssetKind.COMPENSATION_ORDERED,
}


@transaction.atomic
def record_asset(
    proceeding: Proceeding, *, by: User, version: int, values: dict[str, Any]
) -> AssetRecord:
    proceeding = _change(proceeding, by=by, version=version)
    amount, kind = values.get("amount_lek"), values["kind"]
    if amount is None or amount <= 0:
        raise ValidationError({"amount_lek": _("Give an amount in lek above zero.")})
    _not_future("on", values["on"])
    bound = BOUNDED_BY.get(kind)
    if bound and _total(proceeding, kind) + amount > _total(proceeding, bound):
        raise ValidationError(
            {
                "amount_lek": _("The total would exceed the amount %(bound)s.")
                % {"bound": AssetKind(bound).label.lower()}
            }
        )
    record = AssetRecord.objects.create(
        proceeding=proceeding, kind=kind, amount_lek=amount, on=values["on"], recorded_by=by
    )
    _changed(proceeding, by, "justice.asset_recorded", {"kind": kind})
    return record


# --- victims -------------------------------------------------------------------------------


@transaction.atomic
def link_victim(
    proceeding: Proceeding, *, by: User, version: int, values: dict[str, Any]
) -> VictimLink:
    """Link a victim's case by its code, checked by format only (domain/victims.py)."""
    proceeding = _change(proceeding, by=by, version=version)
    code = checked_code(values["case_code"])
    if proceeding.victim_links.filter(case_code=code, role=values["role"]).exists():
        raise ValidationError({"case_code": _("This case is linked in this role already.")})
    link = VictimLink.objects.create(
        proceeding=proceeding,
        case_code=code,
        role=values["role"],
        status=LinkStatus.PENDING,
        recorded_by=by,
    )
    _changed(proceeding, by, "justice.victim_linked", {"case": code, "role": link.role})
    return link


# --- the case side's decision on a victim link -----------------------------------------------


def _decide(link_id: int, *, case: Case, by: User, version: int, status: str) -> VictimLink:
    """Check, on the case read again, that `by` may decide links to it (before anything about
    the link is answered); lock the link (its own row only); check the version the decider read
    and that the link still waits."""
    current = Case.objects.select_related("person").get(pk=case.pk)
    if not may_decide(by, access_to(by, current)):
        raise PermissionDenied(_("You may not decide links of this case to proceedings."))
    link = (
        VictimLink.objects.select_for_update(of=("self",))
        .select_related("proceeding")
        .filter(pk=link_id, case_code=current.code)
        .first()
    )
    if link is None:
        raise ValidationError({"link": _("This case has no such request.")})
    if link.version != version:
        raise StaleObject(_("This request changed meanwhile. Reload the case, then retry."))
    if link.status != LinkStatus.PENDING:
        raise WrongState(_("This request has been decided already."))
    link.status, link.decided_by, link.decided_at = status, by, timezone.now()
    link.version += 1
    link.save(update_fields=["status", "decided_by", "decided_at", "version"])
    action = (
        "justice.victim_link_confirmed"
        if status == LinkStatus.CONFIRMED
        else "justice.victim_link_declined"
    )
    audit.record(
        action,
        actor=by,
        obj=link,
        changes={"proceeding": link.proceeding.code, "case": case.code, "role": link.role},
    )
    return link


@transaction.atomic
def confirm_victim_link(link_id: int, *, case: Case, by: User, version: int) -> VictimLink:
    """The case's victim is the witness or injured party the proceeding's office named."""
    return _decide(link_id, case=case, by=by, version=version, status=LinkStatus.CONFIRMED)


@transaction.atomic
def decline_victim_link(link_id: int, *, case: Case, by: User, version: int) -> VictimLink:
    """The case's unit does not confirm the link; the proceeding's office sees "not
    confirmed" and nothing more."""
    return _decide(link_id, case=case, by=by, version=version, status=LinkStatus.REJECTED)
