"""What a user is shown of a case, cut to their access level: one builder for the case page,
the export and the API. Sealed notes are opened here, only for levels that may read them."""

from datetime import date
from typing import Any

from django.utils.formats import date_format

from lidhja.cases.domain import crypto
from lidhja.cases.domain.access import CaseAccess, Level
from lidhja.cases.domain.identity import GUARDIAN_FIELDS
from lidhja.cases.domain.screening import BY_CODE, positive_dimensions
from lidhja.cases.interfaces.countries import country_name
from lidhja.cases.models import Case
from lidhja.cases.models.choices import PlanKind, Sex, Shared


def note(row, attribute: str = "sealed_note") -> str:
    return crypto.open_text(getattr(row, attribute), row.context)


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
        "managing_organisation": case.managing_organisation,
        "opened_by_organisation": case.opened_by_organisation,
        "qark": case.get_qark_display(),
        "identification_source": case.get_identification_source_display(),
        "border_point": case.get_border_point_display() if case.border_point else "",
        "source_detail": case.source_detail,
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


def exploitation(case: Case) -> list[Any]:
    return [row.get_form_display() for row in case.exploitation_rows.order_by("form")]


def _plans(case: Case, kinds=None) -> list[dict[str, Any]]:
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
        "fields": [(GUARDIAN_FIELDS[k], values.get(k, "")) for k in GUARDIAN_FIELDS],
    }


def full(case: Case) -> dict[str, Any]:
    """Everything recorded on the case (identity excepted: see identity.reveal)."""
    return {
        "details": details(case),
        "exploitation": exploitation(case),
        "screenings": [
            {
                "screening": s,
                "indicators": [BY_CODE[c].label for c in s.observed if c in BY_CODE],
                "positive": positive_dimensions(s.observed),
            }
            for s in case.screenings.select_related("screened_by")
        ],
        "referrals": [
            {"referral": r, "note": note(r), "post_return_plan": note(r, "sealed_post_return_plan")}
            for r in case.referrals.select_related("from_organisation", "to_organisation")
        ],
        "plans": _plans(case),
        "services": [
            {"service": s, "note": note(s)} for s in case.services.select_related("provider")
        ],
        "follow_ups": [{"visit": v, "note": note(v)} for v in case.follow_ups.all()],
        "permits": list(case.permits.all()),
        "justice": getattr(case, "justice", None),
        "guardian": guardian(case),
        "escalations": [
            {"escalation": e, "note": note(e), "resolution": note(e, "sealed_resolution")}
            for e in case.escalations.select_related("raised_by", "resolved_by")
        ],
        "attachments": list(case.attachments.filter(erased=False)),
        "events": [
            {"event": e, "note": note(e)}
            for e in case.events.select_related("actor", "organisation")
        ],
    }


def shared(case: Case, access: CaseAccess) -> dict[str, Any]:
    """What the open referrals to the user's organisation share."""
    referrals = case.referrals.filter(pk__in=access.referral_ids).select_related(
        "from_organisation", "to_organisation"
    )
    kinds = []
    if Shared.NEEDS in access.shared:
        kinds.append(PlanKind.NEEDS)
    if Shared.RISK in access.shared:
        kinds.append(PlanKind.RISK)
    return {
        "details": summary(case),
        "exploitation": exploitation(case) if Shared.EXPLOITATION in access.shared else None,
        "referrals": [{"referral": r, "note": note(r)} for r in referrals],
        "plans": _plans(case, kinds) if kinds else [],
        "guardian": guardian(case) if Shared.GUARDIAN in access.shared else None,
        "services": [
            {"service": s, "note": note(s)}
            for s in case.services.filter(provider_id__in=[r.to_organisation_id for r in referrals])
        ],
    }


def for_access(case: Case, access: CaseAccess, user) -> dict[str, Any]:
    if access.level is Level.FULL:
        return full(case)
    if access.level is Level.SHARED:
        return shared(case, access)
    own = case.referrals.filter(to_organisation_id=user.organisation_id)
    return {"details": summary(case), "referrals": [{"referral": r, "note": ""} for r in own]}


def export(case: Case, person: dict[str, str]) -> dict[str, Any]:
    """The whole case file as plain data, for a stated-purpose export."""
    file = full(case)
    d = file["details"]
    return {
        "code": case.code,
        "exported_fields_are_personal_data": True,
        "person": person,
        "case": {
            "kind": d["kind"],
            "status": d["status"],
            "stage": d["stage"],
            "identified_on": d["identified_on"],
            "closed_on": d["closed_on"],
            "managing_organisation": case.managing_organisation.code,
            "opened_by_organisation": case.opened_by_organisation.code,
            "qark": case.qark,
            "identification_source": case.identification_source,
            "border_point": case.border_point,
            "transnational": case.transnational,
            "recruitment_countries": case.recruitment_countries,
            "transit_countries": case.transit_countries,
            "exploitation_countries": case.exploitation_countries,
            "recruitment_means": case.recruitment_means,
            "recruiter_relation": case.recruiter_relation,
            "minor_at_exploitation": case.minor_at_exploitation,
            "is_child": case.is_child,
            "foreign_national": case.foreign_national,
            "is_witness": case.is_witness,
            "exploitation": sorted(case.exploitation_rows.values_list("form", flat=True)),
        },
        "referrals": [
            {
                "service": r["referral"].service,
                "to": r["referral"].to_organisation.code if r["referral"].to_organisation else "",
                "direction": r["referral"].direction,
                "partner_country": r["referral"].partner_country,
                "status": r["referral"].status,
                "sent_at": r["referral"].sent_at,
                "responded_at": r["referral"].responded_at,
                "started_at": r["referral"].started_at,
                "completed_at": r["referral"].completed_at,
                "decline_reason": r["referral"].decline_reason,
                "note": r["note"],
                "post_return_plan": r["post_return_plan"],
            }
            for r in file["referrals"]
        ],
        "plans": [
            {
                "kind": p["plan"].kind,
                "made_on": p["plan"].made_on,
                "risk_level": p["plan"].risk_level,
                "reintegrated_on": p["plan"].reintegrated_on,
                "content": p["note"],
                "steps": [
                    {"due_on": s["step"].due_on, "done_on": s["step"].done_on, "text": s["note"]}
                    for s in p["steps"]
                ],
            }
            for p in file["plans"]
        ],
        "services": [
            {
                "kind": s["service"].kind,
                "provider": s["service"].provider.code,
                "from": s["service"].started_on,
                "until": s["service"].ended_on,
                "refused": s["service"].refused,
                "note": s["note"],
            }
            for s in file["services"]
        ],
        "follow_ups": [
            {
                "visited_on": v["visit"].visited_on,
                "employed": v["visit"].employed,
                "re_trafficked": v["visit"].re_trafficked,
                "note": v["note"],
            }
            for v in file["follow_ups"]
        ],
        "permits": [
            {"kind": p.kind, "from": p.starts_on, "until": p.ends_on, "reference": p.reference}
            for p in file["permits"]
        ],
        "events": [
            {
                "kind": e["event"].kind,
                "at": e["event"].at,
                "organisation": e["event"].organisation.code if e["event"].organisation else "",
                "details": e["event"].details,
                "note": e["note"],
            }
            for e in file["events"]
        ],
    }


def shown(name: str, value: str) -> str:
    """An identity field as a person reads it: labels for codes, dates in the user's format."""
    if not value:
        return ""
    if name == "sex":
        return str(dict(Sex.choices).get(value, value))
    if name == "citizenship":
        return country_name(value)
    if name == "date_of_birth":
        try:
            return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return value
