"""What a user sees of a proceeding, in one function whose parts the page and the API render,
and the one read of personal data (the defendants' sealed identities), audited."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.audit.domain import services as audit
from lidhja.justice.domain import services
from lidhja.justice.domain.access import (
    find_proceeding,
    may_edit,
    require_justice_role,
    visible_proceedings,
)
from lidhja.justice.domain.steps import Step, offered_steps
from lidhja.justice.models import Proceeding
from lidhja.justice.models.choices import AssetKind, Outcome, StageKind


@dataclass
class ProceedingView:
    proceeding: Proceeding
    can_edit: bool
    parts: dict[str, Any]
    steps: list[Step]


def list_for(user: Any) -> QuerySet[Proceeding]:
    """The proceedings of the user's own office, newest first."""
    require_justice_role(user)
    return visible_proceedings(user).select_related("office")


def view_proceeding(user: Any, code: str) -> ProceedingView:
    proceeding = find_proceeding(user, code)
    return ProceedingView(
        proceeding=proceeding,
        can_edit=may_edit(user, proceeding),
        parts=parts_of(proceeding),
        steps=offered_steps(proceeding, user),
    )


def _sentence(stage: Any) -> dict[str, Any] | None:
    if stage is None or stage.outcome != Outcome.CONVICTED:
        return None
    return {
        "prison_months": stage.prison_months,
        "fine_lek": stage.fine_lek,
        "suspended": stage.suspended,
    }


def parts_of(proceeding: Proceeding) -> dict[str, Any]:
    """Every part of a proceeding a reader of it sees: codes, categories, dated stages, amounts
    and linked case codes. No identifying value of a defendant, nothing of a victim's case."""
    stages = list(proceeding.stages.select_related("defendant").order_by("on", "id"))
    finals = {s.defendant_id: s for s in stages if s.kind == StageKind.FINAL}
    totals = {
        row["kind"]: row["total"]
        for row in proceeding.assets.values("kind").annotate(total=Sum("amount_lek")).order_by()
    }
    return {
        "summary": {
            "code": proceeding.code,
            "office": proceeding.office.code,
            "registered_on": proceeding.registered_on,
            "stage": proceeding.stage,
            "closed_on": proceeding.closed_on,
        },
        "offences": [
            {"article": o.article, "title": o.title, "title_sq": o.title_sq}
            for o in proceeding.offences.order_by("position", "article")
        ],
        "defendants": [
            {
                "id": d.pk,
                "code": d.code,
                "role": d.role,
                "sex": d.sex,
                "age_band": d.age_band,
                "citizenship": d.citizenship,
                "official_service": d.official_service,
                "final_outcome": finals[d.pk].outcome if d.pk in finals else "",
                "sentence": _sentence(finals.get(d.pk)),
            }
            for d in proceeding.defendants.all()
        ],
        "stages": [
            {
                "kind": s.kind,
                "on": s.on,
                "defendant": s.defendant.code if s.defendant else None,
                "outcome": s.outcome,
                "prison_months": s.prison_months,
                "fine_lek": s.fine_lek,
                "suspended": s.suspended,
            }
            for s in stages
        ],
        "assets": [
            {"kind": a.kind, "amount_lek": a.amount_lek, "on": a.on}
            for a in proceeding.assets.all()
        ],
        "asset_totals": {kind: totals.get(kind, Decimal(0)) for kind in AssetKind.values},
        "victims": [
            {"case_code": v.case_code, "role": v.role, "status": v.status}
            for v in proceeding.victim_links.all()
        ],
    }


@transaction.atomic
def reveal_defendants(user: Any, code: str) -> tuple[Proceeding, list[tuple[str, dict[str, str]]]]:
    """The identifying data of the proceeding's defendants, for a user of its office; the read
    is an audit entry naming the defendants' codes (never their data)."""
    proceeding = find_proceeding(user, code)
    if not may_edit(user, proceeding):
        raise PermissionDenied(_("You may not see the defendants' identifying data."))
    shown = [(d.code, services.identity_of(d)) for d in proceeding.defendants.all()]
    audit.record(
        "justice.defendants_viewed",
        actor=user,
        obj=proceeding,
        changes={"defendants": [c for c, _values in shown]},
    )
    return proceeding, shown


@transaction.atomic
def defendant_values(user: Any, code: str, pk: int) -> dict[str, Any] | None:
    """The current values of a defendant of the proceeding, as the edit form takes them: its
    categories, its sealed identity (the read is audited, naming the defendant's code) and the
    sentence of its latest conviction. None for no such defendant of this proceeding."""
    proceeding = find_proceeding(user, code)
    if not may_edit(user, proceeding):
        raise PermissionDenied(_("You may not see the defendants' identifying data."))
    defendant = proceeding.defendants.filter(pk=pk).first()
    if defendant is None:
        return None
    identity: dict[str, Any] = services.identity_of(defendant)
    if identity.get("date_of_birth"):
        identity["date_of_birth"] = date.fromisoformat(identity["date_of_birth"])
    verdict = services.sentence_stage(defendant)
    audit.record(
        "justice.defendants_viewed",
        actor=user,
        obj=proceeding,
        changes={"defendants": [defendant.code]},
    )
    return {
        "defendant": defendant.pk,
        **{name: getattr(defendant, name) for name in services.CATEGORY_FIELDS},
        **identity,
        "prison_months": verdict.prison_months if verdict else None,
        "fine_lek": verdict.fine_lek if verdict else None,
        "suspended": verdict.suspended if verdict else False,
    }
