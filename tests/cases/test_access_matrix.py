"""Need to know as a matrix: every case-bound page × every persona × cases of their own and
of other organisations, with the exact status; and no case data in any answer to a persona
without a case role (ONAC, Task Force, administrator, prosecutor, focal points)."""

from datetime import date

import pytest
from django.urls import reverse

from lidhja.cases.domain import services
from lidhja.cases.interfaces.actions import ACTIONS
from lidhja.cases.models import Case
from lidhja.organisations.models import Organisation
from tests.conftest import PERSONAS

NO_CASE_ROLE = {"onac", "observer", "sysadmin", "prosecutor", "focal_asp", "focal_moi"}
SHARED_ACTIONS = {name for name, a in ACTIONS.items() if a.minimum == 1 + 1}  # Level.SHARED


def _open(by, unit, given="Synthetica", **details):
    return services.open_case(
        by=by,
        identity_values={"given_name": given, "family_name": "Matrixperson", "phone": "+355 000"},
        details={
            "kind": "trafficking",
            "identified_on": date(2026, 2, 1),
            "identification_source": "police",
            "minor_at_exploitation": False,
            **details,
        },
        exploitation=["labour"],
        status="presumed",
        criteria="Synthetic grounds.",
        managing_organisation=Organisation.objects.get(code=unit),
    )


@pytest.fixture
def cases(persona):
    """tirana: opened by police, managed by MUN-TR, open referral to the shelter sharing
    identity, open escalation to the Tirana committee. shkoder: MUN-SH's own, untouched.
    ended: MUN-TR's, with a completed referral to the shelter."""
    police, social, shelter = persona("police"), persona("social_tirana"), persona("shelter")
    tirana = _open(police, "MUN-TR")
    services.send_referral(
        tirana,
        by=police,
        version=tirana.version,
        values={
            "to_organisation": Organisation.objects.get(code="DEQ"),
            "service": "shelter",
            "shared": ["identity"],
        },
    )
    tirana.refresh_from_db()
    services.escalate(
        tirana, by=social, version=tirana.version, values={"level": "rcat", "reason": "flagged"}
    )
    shkoder = _open(persona("social_shkoder"), "MUN-SH", given="Shkoderperson")
    ended = _open(social, "MUN-TR", given="Endedperson")
    referral = services.send_referral(
        ended,
        by=social,
        version=ended.version,
        values={
            "to_organisation": Organisation.objects.get(code="DEQ"),
            "service": "medical",
            "shared": ["identity"],
        },
    )
    for answer in ("accept", "start", "complete"):
        referral = services.answer_referral(
            referral, by=shelter, version=referral.version, answer=answer
        )
    return {"tirana": tirana, "shkoder": shkoder, "ended": ended}


# persona -> case -> level: "full", "shared", "summary" or absent (404).
LEVELS = {
    "ra": {"tirana": "full", "shkoder": "full", "ended": "full"},
    "social_tirana": {"tirana": "full", "ended": "full"},
    "social_shkoder": {"shkoder": "full"},
    "police": {"tirana": "full"},
    "shelter": {"tirana": "shared", "ended": "summary"},
    "rcat": {"tirana": "full"},
}


def _pages(code):
    yield "detail", reverse("cases:detail", args=[code]), {"full", "shared", "summary"}
    yield "person", reverse("cases:person", args=[code]), {"full", "shared"}
    for name in sorted(ACTIONS):
        allowed = {"full", "shared"} if name in SHARED_ACTIONS else {"full"}
        yield f"action-{name}", reverse("cases:action", args=[code, name]), allowed


def _expected(who, case_key, allowed):
    if who in NO_CASE_ROLE:
        return 403
    level = LEVELS[who].get(case_key)
    if level is None:
        return 404
    return 200 if level in allowed else 403


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_every_case_page_for_every_persona(client_for, cases, who):
    client = client_for(who)
    got, want = {}, {}
    for key, case in cases.items():
        for name, url, allowed in _pages(case.code):
            got[(key, name)] = client.get(url).status_code
            want[(key, name)] = _expected(who, key, allowed)
    assert got == want


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_exports_and_files_follow_the_same_rules(client_for, cases, who):
    client = client_for(who)
    for key, case in cases.items():
        response = client.post(
            reverse("cases:export", args=[case.code]), {"purpose": "Court request 1/2026"}
        )
        assert response.status_code == _expected(who, key, {"full"}), key


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(NO_CASE_ROLE))
def test_no_case_data_reaches_personas_without_a_case_role(client_for, cases, who):
    client = client_for(who)
    urls = [
        reverse("cases:list"),
        reverse("cases:referrals"),
        reverse("cases:statistics"),
        reverse("core:home"),
    ]
    urls += [url for case in cases.values() for _name, url, _a in _pages(case.code)]
    urls += [reverse("cases:detail", args=["C-NOSUCH00"])]
    for url in urls:
        body = client.get(url).content.decode()
        for case in cases.values():
            assert case.code not in body, url
        assert "Matrixperson" not in body and "Synthetica" not in body, url


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(set(PERSONAS) - NO_CASE_ROLE))
def test_a_missing_case_answers_404(client_for, who):
    assert client_for(who).get(reverse("cases:detail", args=["C-NOSUCH00"])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_every_refused_step_changes_nothing(client_for, cases, who):
    """A POST of each step by each persona who may not take it: refused, and the case, its
    events and the audit log stay as they were."""
    from lidhja.audit.models import AuditEntry

    client = client_for(who)
    for key, case in cases.items():
        for name, url, allowed in _pages(case.code):
            if not name.startswith("action-") or _expected(who, key, allowed) == 200:
                continue
            case.refresh_from_db()
            before = (case.version, case.events.count(), AuditEntry.objects.count())
            response = client.post(
                url, {"version": case.version, "note": "x", "status": "identified"}
            )
            assert response.status_code in (403, 404)
            case.refresh_from_db()
            assert (case.version, case.events.count(), AuditEntry.objects.count()) == before, (
                key,
                name,
            )
    assert Case.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_list_levels_agree_with_the_access_of_each_case(persona, cases, who):
    """The batched levels of a list page are exactly what `access_to` says case by case."""
    from lidhja.cases.domain.access import access_to, levels_of

    user = persona(who)
    everything = list(Case.objects.all())
    assert levels_of(user, everything) == {c.pk: access_to(user, c).level for c in everything}
