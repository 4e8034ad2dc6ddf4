"""The seed's referral process end to end (issue 4, first "Done when"): police identify a
person at a border crossing point and refer her to a shelter, which accepts; the municipality
opens the assistance plan; a risk assessment precedes the return home; the case escalates to
the Responsible Authority; it closes after a reintegration follow-up. At every step each
actor sees exactly what the access rules allow, and nothing else."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from lidhja.audit.models import AuditEntry
from lidhja.cases.models import CaseEvent, ServiceRecord
from tests.audit.test_chain import _without_triggers
from tests.cases.helpers import SYNTHETIC, act, open_case_by_post, today

NO_CASE_ROLE = (
    "onac",
    "observer",
    "sysadmin",
    "prosecutor",
    "investigator",
    "court_clerk",
    "focal_asp",
)


def status_of(client_for, who: str, url: str) -> int:
    return client_for(who).get(url).status_code


def visible(client_for, case) -> dict[str, int]:
    url = reverse("cases:detail", args=[case.code])
    who = ["police", "shelter", "social_tirana", "social_shkoder", "ra", "rcat", *NO_CASE_ROLE]
    return {w: status_of(client_for, w, url) for w in who}


def person_page(client_for, who, case):
    return client_for(who).get(reverse("cases:person", args=[case.code]))


@pytest.mark.django_db
def test_a_case_walks_through_the_referral_mechanism(client_for):
    case = open_case_by_post(client_for("police"))
    assert case.status == "potential" and case.opened_by_organisation.code == "BMP"
    assert case.managing_organisation.code == "MUN-TR" and case.qark == "tirane"
    assert visible(client_for, case) == {
        "police": 200,
        "shelter": 404,
        "social_tirana": 200,
        "social_shkoder": 404,
        "ra": 200,
        "rcat": 404,
        **dict.fromkeys(NO_CASE_ROLE, 403),
    }

    # Identification: a screening suggests presumed status; the police officer decides.
    observed = [
        "dr_nature_of_job",
        "dr_wages",
        "ex_no_pay",
        "ex_excessive_hours",
        "co_documents",
        "co_violence",
    ]
    act(client_for("police"), case, "screening", screened_on=today(), observed=observed)
    assert case.screenings.get().suggests_presumed
    act(
        client_for("police"),
        case,
        "status",
        status="presumed",
        decided_on=today(),
        criteria="Screening positive.",
    )
    case.refresh_from_db()
    assert case.status == "presumed"

    # Referral to the shelter, sharing identity only.
    act(
        client_for("police"),
        case,
        "referral",
        direction="domestic",
        to_organisation="DEQ",
        service="shelter",
        shared=["identity"],
        note="Needs a safe place tonight.",
    )
    referral = case.referrals.get()
    assert visible(client_for, case)["shelter"] == 200
    shown = person_page(client_for, "shelter", case).content.decode()
    assert SYNTHETIC["given_name"] in shown
    assert SYNTHETIC["phone"] not in shown and SYNTHETIC["address"] not in shown
    page = client_for("shelter").get(reverse("cases:detail", args=[case.code])).content.decode()
    assert "Needs a safe place tonight." in page
    assert (
        "Indicators observed at the border interview." not in page
    )  # the opening note is not shared
    act(
        client_for("shelter"),
        case,
        "referral-answer",
        referral=referral.pk,
        answer="accept",
        reason="",
    )
    act(
        client_for("shelter"),
        case,
        "referral-answer",
        referral=referral.pk,
        answer="start",
        reason="",
    )
    act(
        client_for("shelter"), case, "service", kind="shelter", started_on=today(), note="Admitted."
    )
    referral.refresh_from_db()
    assert referral.status == "started" and referral.response_time is not None
    # The shelter may not take the case manager's steps.
    act(
        client_for("shelter"),
        case,
        "status",
        expected=403,
        status="identified",
        decided_on=today(),
        criteria="x",
    )
    act(client_for("shelter"), case, "plan", expected=403, kind="needs", made_on=today())

    # The municipality assesses needs and opens the assistance plan.
    act(
        client_for("social_tirana"),
        case,
        "plan",
        kind="needs",
        made_on=today(),
        note="Housing, medical, counselling.",
    )
    act(
        client_for("social_tirana"),
        case,
        "plan",
        kind="assistance",
        made_on=today(),
        note="Individual plan.",
        steps="2026-01-10 Medical check\n2099-12-31 Vocational course",
    )
    act(
        client_for("social_tirana"),
        case,
        "status",
        status="identified",
        decided_on=today(),
        criteria="Interview and screening.",
    )

    # A risk assessment must precede the return home: refused first, nothing recorded.
    services_before = ServiceRecord.objects.count()
    act(
        client_for("social_tirana"),
        case,
        "service",
        expected=400,
        kind="return",
        started_on=today(),
    )
    assert ServiceRecord.objects.count() == services_before
    act(
        client_for("social_tirana"),
        case,
        "plan",
        kind="risk",
        made_on=today(),
        risk_level="medium",
        note="Threats by the recruiter.",
    )
    act(
        client_for("social_tirana"),
        case,
        "plan",
        kind="risk_management",
        made_on=today(),
        note="Police contact; safe address.",
    )
    act(
        client_for("shelter"),
        case,
        "referral-answer",
        referral=referral.pk,
        answer="complete",
        reason="",
    )
    act(client_for("social_tirana"), case, "service", kind="return", started_on=today())

    # After the referral ends, the shelter keeps a summary only.
    assert person_page(client_for, "shelter", case).status_code == 403
    summary = client_for("shelter").get(reverse("cases:detail", args=[case.code])).content.decode()
    assert case.code in summary and "Needs a safe place tonight." not in summary

    # Escalation to the Responsible Authority, who sees the case anyway and resolves it.
    act(
        client_for("social_tirana"),
        case,
        "escalate",
        level="ra",
        reason="inter_regional",
        note="The recruiter operates in two qarks.",
    )
    escalation = case.escalations.get()
    act(
        client_for("rcat"),
        case,
        "resolve-escalation",
        expected=404,
        escalation=escalation.pk,
        resolution="x",
    )
    act(
        client_for("ra"),
        case,
        "resolve-escalation",
        escalation=escalation.pk,
        resolution="Police of both qarks informed.",
    )
    escalation.refresh_from_db()
    assert escalation.resolved_at is not None

    # Reintegration, a follow-up visit, closure.
    act(
        client_for("social_tirana"),
        case,
        "plan",
        kind="reintegration",
        made_on=today(),
        reintegrated_on=today(),
        note="Back with her family.",
    )
    act(
        client_for("social_tirana"),
        case,
        "follow-up",
        visited_on=today(),
        employed="on",
        note="Working in a bakery.",
    )
    act(
        client_for("social_tirana"),
        case,
        "close",
        closed_on=today(),
        reason="reintegrated",
        confirm="on",
        note="Plan completed.",
    )
    case.refresh_from_db()
    assert case.stage == "closed" and case.closure_reason == "reintegrated"

    kinds = list(
        CaseEvent.objects.filter(case=case).order_by("at", "id").values_list("kind", flat=True)
    )
    assert kinds[0] == "opened" and kinds[-1] == "closed"
    assert {
        "screening",
        "status",
        "referral_sent",
        "referral_answered",
        "plan",
        "service",
        "escalated",
        "escalation_resolved",
        "follow_up",
    } <= set(kinds)

    # The end state of visibility.
    assert visible(client_for, case) == {
        "police": 200,
        "shelter": 200,
        "social_tirana": 200,
        "social_shkoder": 404,
        "ra": 200,
        "rcat": 404,
        **dict.fromkeys(NO_CASE_ROLE, 403),
    }

    # Every read of identifying data is in the audit log; no identifying value is.
    reads = AuditEntry.objects.filter(action="case.person_viewed", object_id=str(case.pk))
    assert reads.filter(actor_label="shelter.worker").count() == 1
    log = " ".join(str(e.changes) + e.reason + e.object_repr for e in AuditEntry.objects.all())
    for value in (SYNTHETIC["given_name"], SYNTHETIC["family_name"], SYNTHETIC["phone"]):
        assert value not in log

    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "audit log intact" in out.getvalue()

    # Hiding the shelter's read of the person from the log breaks the chain.
    read = reads.get(actor_label="shelter.worker")
    _without_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = %s", [read.seq])
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("audit", "verify", stdout=io.StringIO())
