"""Need to know as a matrix: every case-bound page × every persona × cases of their own and
of other organisations, with the exact status; and no case data in any answer to a persona
without a case role (ONAC, Task Force, administrator, prosecutor, focal points)."""

from datetime import date

import pytest
from django.urls import reverse

from lidhja.cases.domain import services
from lidhja.cases.domain.steps import STEPS as ACTIONS
from lidhja.cases.models import Case
from lidhja.organisations.models import Organisation
from tests.conftest import PERSONAS

NO_CASE_ROLE = {
    "onac",
    "observer",
    "sysadmin",
    "prosecutor",
    "investigator",
    "court_clerk",
    "focal_asp",
    "focal_moi",
    "helpline",  # opens potential cases from calls, and sees none (tests/helpline)
    "secretary",
}
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


def _api(code):
    from lidhja.cases.domain.steps import STEPS as API_ACTIONS

    yield "get", "detail", reverse("cases-api:detail", args=[code]), {"full", "shared", "summary"}
    for name, action in sorted(API_ACTIONS.items()):
        allowed = {"full", "shared"} if action.minimum == 1 + 1 else {"full"}
        yield "post", f"action-{name}", reverse(f"cases-api:action-{name}", args=[code]), allowed


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_every_case_endpoint_for_every_persona(client_for, cases, who):
    """The API under the same matrix: an empty step is refused with 403/404 before any
    validation when the persona may not take it, and answers 400 (the missing fields) when
    it may; a detail answers 200 at every level the persona has."""
    client = client_for(who)
    got, want = {}, {}
    for key, case in cases.items():
        for method, name, url, allowed in _api(case.code):
            response = (
                client.get(url)
                if method == "get"
                else client.post(url, {}, content_type="application/json")
            )
            got[(key, name)] = response.status_code
            expected = _expected(who, key, allowed)
            want[(key, name)] = 400 if method == "post" and expected == 200 else expected
    assert got == want


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_the_api_shows_the_person_only_to_full_and_shared_access(client_for, cases, who):
    client = client_for(who)
    for key, case in cases.items():
        response = client.get(reverse("cases-api:detail", args=[case.code]), {"person": "1"})
        level = None if who in NO_CASE_ROLE else LEVELS[who].get(key)
        if level is None:
            assert response.status_code in (403, 404)
            assert case.code not in response.content.decode()
            continue
        body = response.json()
        assert body["access"] == level
        assert bool(body.get("person")) == (level in ("full", "shared")), (key, body)
        if level == "summary":
            assert "Matrixperson" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(NO_CASE_ROLE))
def test_no_case_data_in_the_api_for_personas_without_a_case_role(client_for, cases, who):
    client = client_for(who)
    for url in [reverse("cases-api:list"), reverse("cases-api:list") + "?q=Synthetica"]:
        response = client.get(url)
        assert response.status_code == 403
        for case in cases.values():
            assert case.code not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_the_case_list_endpoint_lists_exactly_the_visible_cases(client_for, cases, who):
    response = client_for(who).get(reverse("cases-api:list"))
    if who in NO_CASE_ROLE:
        assert response.status_code == 403
        return
    listed = {row["code"]: row["access"] for row in response.json()["results"]}
    expected = {cases[key].code: level for key, level in LEVELS[who].items()}
    assert listed == expected


@pytest.mark.django_db
def test_anonymous_and_bad_tokens_get_401_from_the_case_api(client, cases):
    for url in [
        reverse("cases-api:list"),
        reverse("cases-api:detail", args=[cases["tirana"].code]),
    ]:
        assert client.get(url).status_code == 401
        assert client.get(url, HTTP_AUTHORIZATION="Token ldh_not-a-token").status_code == 401
