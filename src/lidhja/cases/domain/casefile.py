"""What a user sees of a case, cut to their access level: one builder for the case page, the
API and the export. Sealed notes are opened here, only for levels that may read them.

`for_access` answers a dict of parts ("details", "referrals", "plans", ...); a part that the
level does not show is absent, so the page and the API show exactly the same parts."""

from collections.abc import Sequence
from typing import Any

from lidhja.cases.domain import crypto, phases, screening, timeline
from lidhja.cases.domain.access import CaseAccess, Level
from lidhja.cases.domain.countries import country_name
from lidhja.cases.domain.identity import GUARDIAN_FIELDS
from lidhja.cases.domain.screening import BY_CODE
from lidhja.cases.models import Case, Referral
from lidhja.cases.models.choices import PlanKind, Shared
from lidhja.justice.domain import victims

# The plans a referral shares with each item.
SHARED_PLANS = {
    Shared.NEEDS: (PlanKind.NEEDS,),
    Shared.RISK: (PlanKind.RISK, PlanKind.RISK_MANAGEMENT),
}


def note(row: crypto.SealedRow, attribute: str = "sealed_note") -> str:
    return crypto.open_text(getattr(row, attribute), row.context)


def referral_item(
    referral: Referral, post_return_plan: str = "", *, with_note: bool = True
) -> dict[str, Any]:
    """A referral as its reader sees it; after the referral closed, its note is no longer
    shared (the reason for declining stays: the receiving organisation wrote it)."""
    return {
        "referral": referral,
        "note": note(referral) if with_note else "",
        "post_return_plan": post_return_plan,
        "partner_authority": note(referral, "sealed_partner_authority"),
        "decline_reason": note(referral, "sealed_decline_reason"),
        "partner_country": country_name(referral.partner_country)
        if referral.partner_country
        else "",
    }


def summary(case: Case) -> dict[str, Any]:
    return {
        "code": case.code,
        "kind": case.kind,
        "kind_label": case.get_kind_display(),
        "status": case.status,
        "status_label": case.get_status_display(),
        "stage": case.stage,
        "stage_label": case.get_stage_display(),
        "identified_on": case.identified_on,
        "closed_on": case.closed_on,
        "version": case.version,
    }


def details(case: Case) -> dict[str, Any]:
    return {
        **summary(case),
        "case": case,
        "managing_organisation": case.managing_organisation,
        "opened_by_organisation": case.opened_by_organisation,
        "qark": case.get_qark_display(),
        "identification_source": case.get_identification_source_display(),
        "border_point": case.get_border_point_display() if case.border_point else "",
        "source_detail": note(case, "sealed_source_detail"),
        "transnational": case.transnational,
        "countries": {
            "recruitment": [country_name(c) for c in case.recruitment_countries],
            "transit": [country_name(c) for c in case.transit_countries],
            "exploitation": [country_name(c) for c in case.exploitation_countries],
        },
        "recruitment_means": case.get_recruitment_means_display() if case.recruitment_means else "",
        "recruiter_relation": case.get_recruiter_relation_display()
        if case.recruiter_relation
        else "",
        "minor_at_exploitation": case.minor_at_exploitation,
        "is_child": case.is_child,
        "foreign_national": case.foreign_national,
        "is_witness": case.is_witness,
        "flagged": case.flagged,
        "closure_reason": case.get_closure_reason_display() if case.closure_reason else "",
        "erased": case.person.erased_at is not None,
    }


def exploitation(case: Case) -> list[dict[str, Any]]:
    return [
        {"code": row.form, "label": row.get_form_display()}
        for row in case.exploitation_rows.order_by("form")
    ]


def _plans(case: Case, kinds: Sequence[str] | None = None) -> list[dict[str, Any]]:
    plans = case.plans.select_related("organisation").prefetch_related("steps")
    if kinds is not None:
        plans = plans.filter(kind__in=kinds)
    return [
        {
            "plan": plan,
            "note": note(plan),
            "steps": [{"step": step, "note": note(step)} for step in plan.steps.all()],
        }
        for plan in plans
    ]


def guardian(case: Case) -> dict[str, Any] | None:
    record = getattr(case, "guardian", None)
    if record is None:
        return None
    values = crypto.open_json(record.sealed_identity, record.context)
    return {
        "appointed_on": record.appointed_on,
        "values": {k: values.get(k, "") for k in GUARDIAN_FIELDS},
        "fields": [(GUARDIAN_FIELDS[k], values.get(k, "")) for k in GUARDIAN_FIELDS],
    }


def full(case: Case) -> dict[str, Any]:
    """Everything recorded on the case (identity excepted: see identity.reveal)."""
    return {
        "details": details(case),
        "phase": phases.path(case),
        "exploitation": exploitation(case),
        "screenings": [
            {
                "screening": s,
                "indicators": [BY_CODE[c].label for c in s.observed if c in BY_CODE],
                **screening.result(s.observed),
            }
            for s in case.screenings.select_related("screened_by")
        ],
        "referrals": [
            referral_item(r, note(r, "sealed_post_return_plan"))
            for r in case.referrals.select_related("from_organisation", "to_organisation")
        ],
        "plans": _plans(case),
        "services": [
            {"service": s, "note": note(s)} for s in case.services.select_related("provider")
        ],
        "follow_ups": [{"visit": v, "note": note(v)} for v in case.follow_ups.all()],
        "permits": [
            {"permit": p, "reference": note(p, "sealed_reference")} for p in case.permits.all()
        ],
        "justice": getattr(case, "justice", None),
        "guardian": guardian(case),
        "escalations": [
            {"escalation": e, "note": note(e), "resolution": note(e, "sealed_resolution")}
            for e in case.escalations.select_related("raised_by", "resolved_by")
        ],
        "attachments": list(case.attachments.filter(erased=False)),
        "events": [
            {"event": e, "note": note(e), "facts": timeline.facts(e)}
            for e in case.events.select_related("actor", "organisation")
        ],
    }


def shared(case: Case, access: CaseAccess) -> dict[str, Any]:
    """What the open referrals to the user's organisation share."""
    referrals = list(
        case.referrals.filter(pk__in=access.referral_ids).select_related(
            "from_organisation", "to_organisation"
        )
    )
    kinds = [
        kind for item, plans in SHARED_PLANS.items() if item in access.shared for kind in plans
    ]
    parts: dict[str, Any] = {
        "details": summary(case),
        "shared": sorted(access.shared),
        "referrals": [referral_item(r) for r in referrals],
        "services": [
            {"service": s, "note": note(s)}
            for s in case.services.filter(
                provider_id__in={r.to_organisation_id for r in referrals}
            ).select_related("provider")
        ],
    }
    if access.sees(Shared.EXPLOITATION):
        parts["exploitation"] = exploitation(case)
    if kinds:
        parts["plans"] = _plans(case, kinds)
    if access.sees(Shared.GUARDIAN):
        parts["guardian"] = guardian(case)
    return parts


def for_access(case: Case, access: CaseAccess, user: Any) -> dict[str, Any]:
    """The parts of `case` that `access` shows."""
    if access.level is Level.FULL:
        parts = full(case)
        if victims.may_decide(user, access):
            # Requests of criminal-justice offices to link this case to a proceeding.
            parts["proceedings"] = victims.case_rows(case)
        return parts
    if access.level is Level.SHARED:
        return shared(case, access)
    if access.level is Level.SUMMARY:
        own = case.referrals.filter(to_organisation_id=user.organisation_id)
        return {
            "details": summary(case),
            "referrals": [referral_item(r, with_note=False) for r in own],
        }
    return {}
