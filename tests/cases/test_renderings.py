"""The case page and the case API are two renderings of one registry of steps and one view of
the case: for every persona, every case kind and state, they answer alike (404/403), offer the
same steps, and show the same parts of the case."""

import re
from datetime import date

import pytest
from django.urls import reverse

from lidhja.cases.domain import services
from lidhja.cases.domain.steps import STEPS
from lidhja.justice.domain import services as justice
from lidhja.organisations.models import Organisation
from tests.conftest import PERSONAS

META = {"code", "access", "can_edit", "version", "steps", "person"}


def _open(by, unit, kind="trafficking", **details):
    return services.open_case(
        by=by,
        identity_values={"given_name": "Renderperson", "date_of_birth": details.pop("born", None)},
        details={
            "kind": kind,
            "identified_on": date(2026, 2, 1),
            "identification_source": "police",
            "minor_at_exploitation": False,
            **details,
        },
        exploitation=["labour"] if kind == "trafficking" else [],
        status="presumed",
        criteria="Synthetic grounds.",
        managing_organisation=Organisation.objects.get(code=unit),
    )


def _fresh(case):
    case.refresh_from_db()
    return case.version


@pytest.fixture
def cases(persona):
    """trafficking: opened by police for MUN-TR, an open referral to the shelter sharing
    identity, risk and needs, needs and risk plans with an open step, escalated to the Tirana
    committee. at_risk: MUN-TR's person at risk, closed. child: a foreign child of MUN-TR with
    a declined referral to the shelter (a summary for it) and a permit."""
    police, social, shelter = persona("police"), persona("social_tirana"), persona("shelter")
    deq = Organisation.objects.get(code="DEQ")
    trafficking = _open(police, "MUN-TR")
    # A prosecutor's request to link the case to a proceeding (the proceeding-link step).
    from tests.justice.helpers import fresh, register

    proceeding = register(persona("prosecutor"))
    justice.link_victim(
        proceeding,
        by=persona("prosecutor"),
        version=fresh(proceeding),
        values={"case_code": trafficking.code, "role": "witness"},
    )
    for kind in ("needs", "risk"):
        services.record_plan(
            trafficking,
            by=social,
            version=_fresh(trafficking),
            values={"kind": kind, "made_on": date(2026, 2, 2), "risk_level": "low",
                    "note": "Plan.", "steps": [("Visit", date(2026, 3, 1))]},
        )  # fmt: skip
    services.send_referral(
        trafficking,
        by=social,
        version=_fresh(trafficking),
        values={
            "to_organisation": deq,
            "service": "shelter",
            "shared": ["identity", "risk", "needs"],
        },
    )
    services.escalate(
        trafficking, by=social, version=_fresh(trafficking),
        values={"level": "rcat", "reason": "flagged", "note": "Help."},
    )  # fmt: skip
    at_risk = _open(social, "MUN-TR", kind="at_risk")
    services.close_case(
        at_risk, by=social, version=_fresh(at_risk), closed_on=date(2026, 2, 3), reason="refused"
    )
    child = _open(social, "MUN-TR", born=date(2014, 1, 1), foreign_national=True)
    referral = services.send_referral(
        child, by=social, version=_fresh(child),
        values={"to_organisation": deq, "service": "medical", "shared": ["identity"]},
    )  # fmt: skip
    services.answer_referral(referral, by=shelter, version=1, answer="decline", reason="Full")
    services.record_permit(
        child, by=social, version=_fresh(child),
        values={"kind": "reflection", "starts_on": date(2026, 2, 1), "ends_on": date(2026, 4, 1)},
    )  # fmt: skip
    return {"trafficking": trafficking, "at_risk": at_risk, "child": child}


def _page(client, code):
    response = client.get(reverse("cases:detail", args=[code]))
    if response.status_code != 200:
        return response.status_code, None, None
    html = response.content.decode()
    offered = set(re.findall(rf'(?:href|action)="/cases/{code}/([a-z-]+)/"', html))
    offered -= {"person", "export"}
    parts = set(re.findall(r'data-part="([a-z_]+)"', html))
    return 200, offered, parts


def _api(client, code):
    response = client.get(f"/api/cases/{code}/")
    if response.status_code != 200:
        return response.status_code, None, None
    body = response.json()
    parts = {
        key
        for key, value in body.items()
        if key not in META and (key == "shared" or value not in (None, [], {}))
    }
    return 200, set(body["steps"]), parts


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_page_and_api_offer_the_same_steps_and_show_the_same_parts(who, cases, client_for):
    client = client_for(who)
    for kind, case in cases.items():
        page_status, page_steps, page_parts = _page(client, case.code)
        api_status, api_steps, api_parts = _api(client, case.code)
        assert page_status == api_status, (who, kind)
        assert page_steps == api_steps, (who, kind)
        assert page_parts == api_parts, (who, kind)


@pytest.mark.django_db
def test_the_comparison_covers_every_step_and_level(cases, client_for):
    """The matrix above is not empty: between them, the personas are offered every step
    (erasure to the Responsible Authority only), and see each of the three levels."""
    offered, levels = set(), set()
    for who in PERSONAS:
        client = client_for(who)
        for case in cases.values():
            response = client.get(f"/api/cases/{case.code}/")
            if response.status_code == 200:
                offered |= set(response.json()["steps"])
                levels.add(response.json()["access"])
    assert offered == set(STEPS)
    assert levels == {"full", "shared", "summary"}


@pytest.mark.django_db
def test_a_step_refused_on_the_page_is_refused_by_the_api(cases, client_for):
    """Same status for the same refusal: a shelter may not record a plan (403 on both), a
    missing row of this case is a 400 naming the field on both."""
    code = cases["trafficking"].code
    shelter = client_for("shelter")
    page = shelter.post(reverse("cases:action", args=[code, "plan"]), {"version": 1})
    api = shelter.post(
        f"/api/cases/{code}/actions/plan/", {"version": 1}, content_type="application/json"
    )
    assert (page.status_code, api.status_code) == (403, 403)
    worker = client_for("social_tirana")
    version = _fresh(cases["trafficking"])
    data = {"version": version, "step": 2_000_000_000, "done_on": "2026-03-01"}
    page = worker.post(reverse("cases:action", args=[code, "step-done"]), data)
    api = worker.post(
        f"/api/cases/{code}/actions/step-done/", data, content_type="application/json"
    )
    assert (page.status_code, api.status_code) == (400, 400)
    assert "step" in api.json() and "This case has no such item." in page.content.decode()
