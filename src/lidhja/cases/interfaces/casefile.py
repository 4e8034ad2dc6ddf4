"""A case file as plain data, for a stated-purpose export, and identity values as a person
reads them. What the user may see comes from cases.domain.casefile."""

from datetime import date
from typing import Any

from django.utils.formats import date_format

from lidhja.cases.domain.casefile import full
from lidhja.cases.domain.countries import country_name
from lidhja.cases.models import Case
from lidhja.cases.models.choices import Sex


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
            "source_detail": d["source_detail"],
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
                "partner_authority": r["partner_authority"],
                "decline_reason": r["decline_reason"],
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
            {
                "kind": p["permit"].kind,
                "from": p["permit"].starts_on,
                "until": p["permit"].ends_on,
                "reference": p["reference"],
            }
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
