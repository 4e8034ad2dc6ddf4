"""A case page that guides (issue 11, part 4): the stage as a step indicator, the grave steps
apart with a reason and a confirmation, the screening's result per dimension, referrals only to
organisations that provide the service, return-abroad fields only for a referral abroad, and
timeline and audit log in words, never in codes. Pages and API alike, in English and Albanian."""

import json
import re

import pytest
from django.urls import reverse

from lidhja.audit.models import AuditEntry
from lidhja.cases.domain import phases, services
from lidhja.cases.models import Case, Referral
from lidhja.organisations.models import Organisation
from tests.cases.helpers import act, open_case_by_post, today

SQ = {"HTTP_ACCEPT_LANGUAGE": "sq"}
SHELTER_SQ = "Kujdes rezidencial (strehëz)"


@pytest.fixture
def case(client_for):
    return open_case_by_post(client_for("social_tirana"))


def _api(client, case, step, expected, **data):
    case.refresh_from_db()
    data.setdefault("version", case.version)
    response = client.post(
        f"/api/cases/{case.code}/actions/{step}/",
        json.dumps(data, default=str),
        content_type="application/json",
    )
    assert response.status_code == expected, response.content.decode()
    return response.json()


def _page(client, case, **headers) -> str:
    response = client.get(reverse("cases:detail", args=[case.code]), **headers)
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, part: str) -> str:
    match = re.search(rf'<section[^>]*data-part="{part}".*?</section>', html, re.S)
    assert match, part
    return match.group(0)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


# --- 1. the stage ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_stage_follows_the_case_on_the_page_and_in_the_api(client_for, case):
    worker = client_for("social_tirana")
    seen = []
    for step, data in [
        (None, {}),
        ("plan", {"kind": "needs", "made_on": today()}),
        ("plan", {"kind": "reintegration", "made_on": today(), "reintegrated_on": today()}),
        ("close", {"closed_on": today(), "reason": "reintegrated", "confirm": "on"}),
    ]:
        if step:
            act(worker, case, step, **data)
        case.refresh_from_db()
        current = re.search(
            r'<li class="phase phase-current" aria-current="step">(.*?)</li>',
            _page(worker, case),
            re.S,
        )
        api = worker.get(f"/api/cases/{case.code}/").json()["phase"]
        seen.append((phases.phase_of(case).value, api, _text(current.group(1))))
    assert seen == [
        ("identification", "identification", "1 Identification (current stage)"),
        ("assistance", "assistance", "2 Assistance (current stage)"),
        (
            "return_reintegration",
            "return_reintegration",
            "3 Return and reintegration (current stage)",
        ),
        ("closed", "closed", "4 Closed (current stage)"),
    ]
    html = _page(worker, case, **SQ)
    steps = re.findall(r'<li class="phase phase-(\w+)"[^>]*>(.*?)</li>', _section(html, "phase"))
    assert [(state, _text(label)) for state, label in steps] == [
        ("done", "1 Identifikimi (kryer)"),
        ("done", "2 Asistenca (kryer)"),
        ("done", "3 Kthimi dhe riintegrimi (kryer)"),
        ("current", "4 I mbyllur (faza aktuale)"),
    ]
    assert html.count('aria-current="step"') == 1


@pytest.mark.django_db
def test_an_identified_victim_is_in_assistance_and_a_summary_reader_sees_no_stage(client_for, case):
    act(
        client_for("social_tirana"),
        case,
        "status",
        status="identified",
        decided_on=today(),
        criteria="Synthetic.",
    )
    case.refresh_from_db()
    assert phases.phase_of(case) == "assistance"
    act(client_for("social_tirana"), case, "referral", direction="domestic", to_organisation="DEQ",
        service="medical")  # fmt: skip
    shelter = client_for("shelter")
    assert "phase" not in shelter.get(f"/api/cases/{case.code}/").json()
    assert 'data-part="phase"' not in _page(shelter, case)


# --- 2. close, reopen and erase ------------------------------------------------------------


@pytest.mark.django_db
def test_grave_steps_sit_apart_and_ask_for_a_reason_and_a_confirmation(client_for, case):
    worker = client_for("social_tirana")
    html = _page(client_for("ra"), case)
    danger = re.search(r'<section[^>]*class="danger-area".*?</section>', html, re.S).group(0)
    links = set(re.findall(rf'href="/cases/{case.code}/([a-z-]+)/"', danger))
    assert links == {"close", "erase"}
    steps = re.search(r'<ul class="actions">.*?</ul>', html, re.S).group(0)
    assert "/close/" not in steps and "/erase/" not in steps
    # No confirmation: refused, naming the box, on the page and in the API; nothing changes.
    response = act(worker, case, "close", expected=400, closed_on=today(), reason="refused")
    assert response.context["form"].errors["confirm"] == ["Tick the box to confirm."]
    body = _api(worker, case, "close", 400, closed_on=today(), reason="refused", confirm=False)
    assert body == {"confirm": ["Tick the box to confirm."]}
    body = _api(worker, case, "close", 400, closed_on=today(), confirm=True)
    assert list(body) == ["reason"]
    case.refresh_from_db()
    assert case.stage == "open"
    assert not AuditEntry.objects.filter(action="case.closed").exists()
    act(worker, case, "close", closed_on=today(), reason="refused", confirm="on")
    # Reopening needs its reason too (a code, kept in the audit entry's reason).
    body = _api(worker, case, "reopen", 400, note="Synthetic note.", confirm=True)
    assert list(body) == ["reason"]
    _api(worker, case, "reopen", 200, reason="contact_resumed", note="Synthetic.", confirm=True)
    act(client_for("ra"), case, "erase", expected=400, basis="Request 1/2026", confirm=case.code)
    act(
        client_for("ra"),
        case,
        "erase",
        reason="court_order",
        basis="Request 1/2026",
        confirm=case.code,
    )
    reasons = dict(
        AuditEntry.objects.filter(
            action__in=["case.closed", "case.reopened", "case.person_erased"]
        ).values_list("action", "reason")
    )
    assert reasons == {
        "case.closed": "refused",
        "case.reopened": "contact_resumed",
        "case.person_erased": "court_order",
    }
    # The sealed reference and note stay out of the audit log.
    texts = json.dumps(list(AuditEntry.objects.values("changes", "reason")))
    assert "Request 1/2026" not in texts and "Synthetic" not in texts


@pytest.mark.django_db
def test_a_grave_step_page_warns_and_confirms_in_both_languages(client_for, case):
    url = reverse("cases:action", args=[case.code, "close"])
    html = client_for("social_tirana").get(url).content.decode()
    assert "Check before you confirm." in html
    assert 'name="confirm"' in html and "I confirm that this case is to be closed" in html
    assert '<button type="submit" class="danger">Close the case</button>' in html
    html = client_for("social_tirana").get(url, **SQ).content.decode()
    assert "Kontrolloni para se të konfirmoni." in html
    assert "Konfirmoj që ky rast duhet mbyllur" in html


# --- 3. the screening's result -----------------------------------------------------------


@pytest.mark.django_db
def test_a_screening_says_which_dimension_fell_short(client_for, case):
    worker = client_for("social_tirana")
    observed = ["dr_nature_of_job", "dr_conditions", "ex_excessive_hours", "ex_no_pay"]
    act(worker, case, "screening", screened_on=today(), observed=observed)
    section = _text(_section(_page(worker, case), "screenings"))
    assert (
        "The indicators do not meet the rule for presumed status. Not met: coercion or abuse of "
        "vulnerability at destination." in section
    )
    assert "Deceptive recruitment: met" in section
    assert "Coercion at destination: not met" in section
    section = _text(_section(_page(worker, case, **SQ), "screenings"))
    assert (
        "Nuk plotësohet: shtrëngim ose abuzim me cenueshmërinë në vendin e destinacionit."
        in section
    )
    (screening,) = worker.get(f"/api/cases/{case.code}/").json()["screenings"]
    assert screening["suggests_presumed"] is False
    assert screening["short"] == ["destination"]
    met = {d["code"]: d["met"] for d in screening["dimensions"]}
    assert met == {
        "deceptive_recruitment": True,
        "coercive_recruitment": False,
        "abusive_recruitment": False,
        "exploitation": True,
        "coercion": False,
        "vulnerability": False,
    }
    act(worker, case, "screening", screened_on=today(), observed=[*observed, "co_confinement",
        "co_documents"])  # fmt: skip
    body = worker.get(f"/api/cases/{case.code}/").json()
    assert sorted(s["short"] for s in body["screenings"]) == [[], ["destination"]]
    assert sorted(s["suggests_presumed"] for s in body["screenings"]) == [False, True]


# --- 4. refer only to organisations that provide the service -----------------------------


@pytest.mark.django_db
def test_the_registry_says_which_services_each_organisation_provides(client_for):
    onac = client_for("onac")
    html = onac.get(reverse("organisations:detail", args=["BKTF"])).content.decode()
    assert (
        "<dt>Services provided</dt><dd data-services>Non-residential care, Psychological "
        "support, Legal counselling, Legal representation, Education</dd>" in html
    )
    html = onac.get(reverse("organisations:detail", args=["BKTF"]), **SQ).content.decode()
    assert "<dt>Shërbimet që ofron</dt>" in html
    rows = onac.get(reverse("organisations:list"), {"service": "shelter"}).content.decode()
    codes = re.findall(r'href="/organisations/([A-Z0-9-]+)/"', rows)
    assert sorted(codes) == ["DEQ", "NRCVT", "TJV", "VATRA"]
    body = onac.get("/api/organisations/BKTF/").json()
    assert body["services"] == [
        "non_residential",
        "psychological",
        "legal_counselling",
        "legal_representation",
        "education",
    ]


@pytest.mark.django_db
def test_an_edit_of_the_services_is_audited_in_words(client_for):
    onac = client_for("onac")
    org = Organisation.objects.get(code="WV")
    response = onac.patch(
        "/api/organisations/WV/",
        json.dumps({"version": org.version, "services": ["education", "other"]}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert Organisation.objects.get(code="WV").services == ["education", "other"]
    bad = onac.patch(
        "/api/organisations/WV/",
        json.dumps({"version": org.version + 1, "services": ["flying"]}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and "services" in bad.json()
    html = client_for("sysadmin").get(reverse("audit:log"), {"action": "organisation.updated"})
    assert (
        "<li>Services provided: changed from Education, Financial support to Education, "
        "Other</li>" in html.content.decode()
    )


@pytest.mark.django_db
def test_refer_to_offers_only_providers_and_the_service_refuses_others(client_for, case):
    worker = client_for("social_tirana")
    url = reverse("cases:action", args=[case.code, "referral"])
    html = worker.get(url, {"service": "shelter"}).content.decode()
    box = re.search(r'<div id="box-to_organisation".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="([A-Z0-9-]+)"', box) == ["DEQ", "NRCVT", "TJV", "VATRA"]
    assert 'hx-get="/cases/' in html and 'hx-target="#box-to_organisation"' in html
    # HTMX asks again with the service alone: the same box, narrowed.
    partial = worker.get(url, {"service": "return"}, HTTP_HX_REQUEST="true").content.decode()
    box = re.search(r'<div id="box-to_organisation".*?</select>', partial, re.S).group(0)
    assert re.findall(r'<option value="([A-Z0-9-]+)"', box) == [
        "DEQ",
        "IOM",
        "NRCVT",
        "TDH",
        "VATRA",
    ]
    # Refused with the field named, on the page and in the API, in both languages.
    response = act(worker, case, "referral", expected=400, direction="domestic",
                   to_organisation="BKTF", service="shelter")  # fmt: skip
    assert response.context["form"].errors["to_organisation"] == [
        "BKTF does not provide this service: Residential care (shelter)."
    ]
    body = _api(worker, case, "referral", 400, to_organisation="BKTF", service="shelter")
    assert body == {"to_organisation": ["BKTF does not provide this service: Residential care "
                                        "(shelter)."]}  # fmt: skip
    case.refresh_from_db()
    response = worker.post(
        url, {"version": case.version, "direction": "domestic", "service": "shelter",
              "to_organisation": "BKTF"}, **SQ,
    )  # fmt: skip
    assert f"BKTF nuk e ofron këtë shërbim: {SHELTER_SQ}." in response.content.decode()
    assert not Referral.objects.filter(case=case).exists()
    _api(worker, case, "referral", 200, to_organisation="BKTF", service="education")


# --- 5. return-abroad fields only for a referral abroad ----------------------------------


@pytest.mark.django_db
def test_return_abroad_fields_are_shown_and_taken_only_for_a_referral_abroad(client_for, case):
    worker = client_for("social_tirana")
    html = worker.get(reverse("cases:action", args=[case.code, "referral"])).content.decode()
    shown = dict(re.findall(r'<div id="box-(\w+)" data-shown-when="direction" '
                            r'data-shown-values="([a-z ]+)">', html))  # fmt: skip
    assert shown == {
        "to_organisation": "domestic",
        "partner_country": "outgoing incoming",
        "partner_authority": "outgoing incoming",
        "return_on": "outgoing incoming",
        "return_notice_on": "outgoing incoming",
        "post_return_plan": "outgoing incoming",
    }
    assert "/static/lidhja/conditional.js" in html
    data = {
        "direction": "domestic",
        "to_organisation": "DEQ",
        "service": "medical",
        "return_on": "2026-12-01",
        "partner_authority": "Synthetic authority",
    }
    response = act(worker, case, "referral", expected=400, **data)
    errors = response.context["form"].errors
    assert errors["return_on"] == ["Only a referral to or from a partner country takes this."]
    assert set(errors) == {"return_on", "partner_authority"}
    body = _api(worker, case, "referral", 400, **data)
    assert set(body) == {"return_on", "partner_authority"}
    body = _api(worker, case, "referral", 400, direction="outgoing", to_organisation="DEQ",
                service="medical", partner_country="GR", partner_authority="Synthetic")  # fmt: skip
    assert body == {"to_organisation": ["A referral abroad goes to the partner authority."]}
    assert not Referral.objects.filter(case=case).exists()


# --- 6. words, not codes -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_timeline_speaks_in_words(client_for, case):
    worker = client_for("social_tirana")
    act(worker, case, "status", status="identified", decided_on="2026-03-05", criteria="Synth.")
    act(worker, case, "referral", direction="domestic", to_organisation="DEQ", service="medical",
        shared=["identity"])  # fmt: skip
    events = _text(_section(_page(worker, case), "events"))
    assert "Status decided" in events
    assert "Status: Potential victim → Identified victim · Decided on: 5 March 2026" in events
    assert (
        "Service: Medical care · To: DEQ · Direction: Within the country · Shared: Name, date "
        "of birth, sex and citizenship" in events
    )
    assert " identified " not in f" {events} " and "medical" not in events
    events = _text(_section(_page(worker, case, **SQ), "events"))
    assert "Vendosur më: 5 mars 2026" in events


@pytest.mark.django_db
def test_the_audit_log_speaks_in_words_without_personal_values(client_for, case):
    worker = client_for("social_tirana")
    _page(worker, case)  # a case viewed
    act(worker, case, "status", status="identified", decided_on=today(), criteria="Synth.")
    admin = client_for("sysadmin")
    html = admin.get(reverse("audit:log"), {"object_id": str(case.pk)}).content.decode()
    rows = _text(html)
    assert f"Case {case.code}" in rows
    assert "Access: the whole case" in rows and "Personal data shown: no" in rows
    assert "Status: changed from Potential victim to Identified victim" in rows
    assert "cases.case" not in html and "level: full" not in html
    assert "Synthetica" not in html and "Synth." not in html
    rows = _text(
        admin.get(reverse("audit:log"), {"object_id": str(case.pk)}, **SQ).content.decode()
    )
    assert f"Rast {case.code}" in rows
    assert "Qasja: i gjithë rasti" in rows


@pytest.mark.django_db
def test_a_closure_reason_reads_as_words_in_the_audit_log(client_for, case):
    act(client_for("social_tirana"), case, "close", closed_on=today(), reason="lost_contact",
        confirm="on")  # fmt: skip
    admin = client_for("sysadmin")
    html = admin.get(reverse("audit:log"), {"action": "case.closed"}).content.decode()
    assert "<li>Reason: Contact lost</li>" in html
    assert "<li>Reason for closure: Contact lost</li>" in html
    html = admin.get(reverse("audit:log"), {"action": "case.closed"}, **SQ).content.decode()
    assert "lost_contact" not in html


@pytest.mark.django_db
def test_services_refuse_a_provider_that_does_not_provide_the_service(persona, case):
    case.refresh_from_db()
    with pytest.raises(Exception) as refused:
        services.send_referral(
            case,
            by=persona("social_tirana"),
            version=case.version,
            values={"to_organisation": Organisation.objects.get(code="NES"), "service": "shelter"},
        )
    assert refused.value.message_dict == {
        "to_organisation": ["NES does not provide this service: Residential care (shelter)."]
    }
    assert Case.objects.get(pk=case.pk).version == case.version


@pytest.mark.django_db
def test_transcription_notes_of_the_plan_reach_only_its_managers(client_for, seed_plan):
    from lidhja.plans.models import PlanNode

    node = PlanNode.objects.filter(note__contains="OCR").select_related("plan").first()
    url = reverse("plans:node", args=[node.plan.code, node.chapter, node.code])
    assert "OCR" not in client_for("focal_asp").get(url).content.decode()
    html = client_for("onac").get(url).content.decode()
    assert "Transcription note (plan managers only)" in html and "OCR" in html
