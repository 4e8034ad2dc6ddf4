"""The case API: personal tokens, need to know per persona, the person read audited, input
errors that change nothing, and stale versions. Synthetic persons only."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from lidhja.audit.models import AuditEntry
from lidhja.cases.domain.steps import STEPS as ACTIONS
from lidhja.cases.models import Case, CaseEvent, Person, Referral
from tests.cases.helpers import today

IDENTITY = {
    "given_name": "Synthetica",
    "family_name": "Testperson",
    "date_of_birth": "1996-04-02",
    "sex": "female",
    "citizenship": "AL",
    "phone": "+355 69 000 0000",
    "address": "Synthetic street 1, Testville",
}
IDENTIFYING_VALUES = ("Synthetica", "Testperson", "1996-04-02", "000 0000", "Synthetic street")
NEW_CASE = {
    "identity": IDENTITY,
    "kind": "trafficking",
    "identified_on": "2026-03-02",
    "identification_source": "border",
    "border_point": "kakavije",
    "exploitation": ["sexual"],
    "transnational": True,
    "exploitation_countries": ["GR"],
    "minor_at_exploitation": False,
    "status": "potential",
    "criteria": "Indicators observed at the border interview.",
    "managing_organisation": "MUN-TR",
}
NO_CASE_ROLE = [
    "onac",
    "observer",
    "sysadmin",
    "prosecutor",
    "investigator",
    "court_clerk",
    "focal_asp",
    "focal_moi",
]
LIST = reverse("cases-api:list")


def detail(case, query: str = "") -> str:
    return reverse("cases-api:detail", args=[case.code]) + query


def action_url(case, name: str) -> str:
    return reverse(f"cases-api:action-{name}", args=[case.code])


def post(client, url: str, data: dict):
    return client.post(url, json.dumps(data, default=str), content_type="application/json")


def open_case(client, **overrides) -> Case:
    response = post(client, LIST, {**NEW_CASE, **overrides})
    assert response.status_code == 201, response.content.decode()
    return Case.objects.get(code=response.json()["code"])


def act(client, case: Case, name: str, expected: int = 200, **data):
    case.refresh_from_db()
    data.setdefault("version", case.version)
    response = post(client, action_url(case, name), data)
    assert response.status_code == expected, response.content.decode()
    return response.json()


def refer_to_shelter(client, case: Case, shared: list[str]) -> Referral:
    body = act(client, case, "referral", to_organisation="DEQ", service="shelter", shared=shared)
    return Referral.objects.get(pk=body["id"])


def counts() -> dict[str, int]:
    models = (Case, Person, CaseEvent, Referral, AuditEntry)
    return {model.__name__: model.objects.count() for model in models}


def audit_text() -> str:
    return json.dumps(list(AuditEntry.objects.values_list("changes", "reason", "object_repr")))


def new_token(username: str, *extra: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "create", username, *extra, stdout=out, stderr=err)
    return out.getvalue().strip()


# --- tokens ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_personal_token_authenticates_and_is_audited_without_the_token(client, persona):
    token = new_token("police.border", "--days", "5")
    assert token.startswith("ldh_")
    response = client.get(LIST, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    stored = AuthToken.objects.get(user=persona("police"))
    assert stored.expiry.date() == (timezone.now() + timedelta(days=5)).date()
    entry = AuditEntry.objects.get(action="api_token.created")
    assert entry.object_repr == "police.border"
    assert entry.changes["token_key"] == stored.token_key
    assert token[len(stored.token_key) :] not in audit_text()


@pytest.mark.django_db
def test_a_token_client_changes_cases_without_a_csrf_token(persona):
    client = Client(
        enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {new_token('police.border')}"
    )
    case = open_case(client)
    act(client, case, "note", note="Seen again at the border.")
    assert case.events.filter(kind="note").count() == 1


@pytest.mark.django_db
def test_token_list_shows_keys_never_tokens(persona):
    token = new_token("police.border")
    out = io.StringIO()
    call_command("token", "list", "police.border", stdout=out)
    key = AuthToken.objects.get(user=persona("police")).token_key
    assert key in out.getvalue() and "valid" in out.getvalue()
    assert token not in out.getvalue()


@pytest.mark.django_db
def test_a_revoked_token_answers_401(client, persona):
    token = new_token("police.border")
    key = AuthToken.objects.get(user=persona("police")).token_key
    call_command("token", "revoke", "police.border", "--key", key, stdout=io.StringIO())
    response = client.get(LIST, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    entry = AuditEntry.objects.get(action="api_token.revoked")
    assert entry.changes["token_key"] == key


@pytest.mark.django_db
def test_revoking_all_tokens_revokes_every_one(client, persona):
    tokens = [new_token("ra.officer"), new_token("ra.officer")]
    call_command("token", "revoke", "ra.officer", "--all", stdout=io.StringIO())
    for token in tokens:
        assert client.get(LIST, HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
    assert AuditEntry.objects.filter(action="api_token.revoked").count() == 2


@pytest.mark.django_db
def test_an_expired_token_answers_401(client, persona):
    token = new_token("police.border", "--days", "1")
    AuthToken.objects.filter(user=persona("police")).update(
        expiry=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(LIST, HTTP_AUTHORIZATION=f"Token {token}").status_code == 401


@pytest.mark.django_db
def test_token_command_refuses_unknown_users_and_ambiguous_keys(persona):
    with pytest.raises(CommandError, match="no user"):
        call_command("token", "create", "nobody")
    new_token("ra.officer")
    new_token("ra.officer")
    with pytest.raises(CommandError, match="2 tokens"):
        call_command("token", "revoke", "ra.officer", "--key", "ldh_")
    assert AuthToken.objects.filter(user=persona("ra")).count() == 2


@pytest.mark.django_db
def test_no_credentials_answer_401(client):
    assert client.get(LIST).status_code == 401


# --- need to know ---------------------------------------------------------------------------


def every_endpoint(case) -> list[tuple[str, str]]:
    return [
        ("get", LIST),
        ("get", LIST + f"?q={case.code}"),
        ("post", LIST),
        ("get", detail(case)),
        ("get", detail(case, "?person=1")),
        *[("post", action_url(case, name)) for name in ACTIONS],
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", NO_CASE_ROLE)
def test_users_without_a_case_role_get_403_everywhere_and_no_case_code(client_for, who):
    case = open_case(client_for("police"))
    client = client_for(who)
    before = counts()
    for method, url in every_endpoint(case):
        data = {**NEW_CASE, "version": case.version}
        response = post(client, url, data) if method == "post" else client.get(url)
        assert response.status_code == 403, (method, url)
        assert case.code.encode() not in response.content
    assert counts() == before


@pytest.mark.django_db
def test_another_municipality_gets_404_like_a_missing_case(client_for):
    case = open_case(client_for("police"))
    shkoder = client_for("social_shkoder")
    assert shkoder.get(detail(case)).status_code == 404
    assert shkoder.get(reverse("cases-api:detail", args=["C-NOSUCH00"])).status_code == 404
    note = post(shkoder, action_url(case, "note"), {"version": case.version, "note": "x"})
    assert note.status_code == 404
    listed = shkoder.get(LIST).json()
    assert case.code not in json.dumps(listed)
    assert not AuditEntry.objects.filter(action="case.viewed").exists()


@pytest.mark.django_db
def test_shelter_sees_only_what_the_referral_shares(client_for):
    police = client_for("police")
    case = open_case(police)
    refer_to_shelter(police, case, ["identity"])

    shelter = client_for("shelter")
    body = shelter.get(detail(case)).json()
    assert body["access"] == "shared"
    assert "person" not in body and "exploitation" not in body
    assert not AuditEntry.objects.filter(action="case.person_viewed").exists()

    body = shelter.get(detail(case, "?person=1")).json()
    assert body["person"]["given_name"] == "Synthetica"
    assert body["person"]["family_name"] == "Testperson"
    assert set(body["person"]) == {
        "given_name",
        "family_name",
        "other_names",
        "date_of_birth",
        "sex",
        "citizenship",
    }
    assert "000 0000" not in json.dumps(body) and "Synthetic street" not in json.dumps(body)
    assert [r["to_organisation"] for r in body["referrals"]] == ["DEQ"]

    entry = AuditEntry.objects.filter(action="case.person_viewed").get()
    assert entry.actor_label == "shelter.worker" and entry.object_repr == case.code
    assert entry.changes == {"fields": sorted(body["person"])}
    text = audit_text()
    assert not [value for value in IDENTIFYING_VALUES if value in text]
    assert (
        AuditEntry.objects.filter(action="case.viewed", actor_label="shelter.worker").count() == 2
    )


@pytest.mark.django_db
def test_after_the_referral_closes_the_shelter_sees_a_summary(client_for):
    police = client_for("police")
    case = open_case(police)
    referral = refer_to_shelter(police, case, ["identity", "contacts"])
    shelter = client_for("shelter")
    # An answer carries the version of the referral, not of the case.
    act(
        shelter,
        case,
        "referral-answer",
        referral_version=referral.version,
        referral=referral.pk,
        answer="decline",
        reason="Full",
    )
    assert act(shelter, case, "note", expected=403, note="x")["detail"]

    body = shelter.get(detail(case, "?person=1")).json()
    assert set(body) == {"code", "access", "can_edit", "version", "steps", "details", "referrals"}
    assert (body["access"], body["can_edit"], body["steps"]) == ("summary", False, [])
    assert body["details"] == {
        "code": case.code,
        "kind": "trafficking",
        "status": "potential",
        "stage": "open",
        "identified_on": "2026-03-02",
        "closed_on": None,
    }
    (row,) = body["referrals"]
    assert (row["id"], row["service"], row["status"], row["note"]) == (
        referral.pk,
        "shelter",
        "declined",
        "",
    )
    (row,) = shelter.get(LIST).json()["results"]
    assert row["access"] == "summary" and row["managing_organisation"] is None
    assert not AuditEntry.objects.filter(action="case.person_viewed").exists()


@pytest.mark.django_db
def test_the_managing_unit_sees_the_full_case_and_the_person_only_when_asked(client_for):
    case = open_case(client_for("police"))
    tirana = client_for("social_tirana")
    body = tirana.get(detail(case)).json()
    assert body["access"] == "full" and body["can_edit"] is True
    details = body["details"]
    assert details["managing_organisation"] == "MUN-TR"
    assert details["opened_by_organisation"] == "BMP"
    assert body["exploitation"] == ["sexual"] and details["exploitation_countries"] == ["GR"]
    assert [e["kind"] for e in body["events"]] == ["opened"]
    assert body["events"][0]["organisation"] == "BMP"
    assert "person" not in body
    assert not [value for value in IDENTIFYING_VALUES if value in json.dumps(body)]

    person = tirana.get(detail(case, "?person=1")).json()["person"]
    assert person["phone"] == "+355 69 000 0000"
    viewed = AuditEntry.objects.filter(action="case.viewed", object_repr=case.code)
    assert viewed.count() == 2


@pytest.mark.django_db
def test_the_list_filters_and_audits_a_name_search_without_the_term(client_for):
    police = client_for("police")
    case = open_case(police)
    open_case(police, kind="at_risk", identity={"given_name": "Otherperson"})
    rows = police.get(LIST + "?kind=trafficking").json()["results"]
    assert [(r["code"], r["managing_organisation"], r["access"]) for r in rows] == [
        (case.code, "MUN-TR", "full")
    ]
    assert not AuditEntry.objects.filter(action="case.searched").exists()

    found = police.get(LIST + "?q=synthetica").json()
    assert [r["code"] for r in found["results"]] == [case.code]
    entry = AuditEntry.objects.get(action="case.searched")
    assert entry.changes == {} and "ynthetica" not in audit_text()

    bad = police.get(LIST + "?status=nonsense")
    assert bad.status_code == 400 and "status" in bad.json()


# --- changes ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_action_changes_the_case_and_answers_the_new_version(client_for):
    police = client_for("police")
    case = open_case(police)
    body = act(police, case, "status", status="presumed", decided_on=today(), criteria="Seen.")
    case.refresh_from_db()
    assert case.status == "presumed"
    assert body == {"code": case.code, "version": case.version, "id": None}
    assert AuditEntry.objects.filter(action="case.status_decided").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "data", "field"),
    [
        ("open", {**NEW_CASE, "identified_on": "not a date"}, "identified_on"),
        ("open", {**NEW_CASE, "kind": "smuggling"}, "kind"),
        ("open", {**NEW_CASE, "exploitation_countries": ["XX"]}, "exploitation_countries"),
        ("open", {**NEW_CASE, "managing_organisation": None}, "managing_organisation"),
        ("open", {**NEW_CASE, "managing_organisation": "DEQ"}, "managing_organisation"),
        ("open", {**NEW_CASE, "exploitation": []}, "exploitation"),
        ("open", {**NEW_CASE, "border_point": ""}, "border_point"),
        (
            "open",
            {**NEW_CASE, "identity": {**IDENTITY, "date_of_birth": "2999-01-01"}},
            "date_of_birth",
        ),
        ("open", {**NEW_CASE, "criteria": ""}, "criteria"),
        ("referral", {"service": "shelter", "shared": ["everything"]}, "shared"),
        ("referral", {"service": "shelter", "to_organisation": "BMP"}, "to_organisation"),
        ("status", {"status": "potential", "decided_on": "2026-03-03"}, "criteria"),
        ("status", {"status": "potential", "decided_on": "2026-03-03", "criteria": "x"}, "status"),
        ("step-done", {"step": 999999, "done_on": "2026-03-03"}, "step"),
    ],
)
def test_bad_input_answers_400_naming_the_field_and_changes_nothing(
    client_for, url_name, data, field
):
    police = client_for("police")
    case = open_case(police)
    before = counts()
    url = LIST if url_name == "open" else action_url(case, url_name)
    response = post(police, url, {"version": case.version, **data})
    assert response.status_code == 400
    assert field in response.json()
    assert counts() == before
    case.refresh_from_db()
    assert case.version == 1 and case.status == "potential"


@pytest.mark.django_db
def test_a_stale_version_answers_409_with_what_changed(client_for):
    police = client_for("police")
    case = open_case(police)
    act(police, case, "note", note="First note.")
    before = counts()
    response = post(police, action_url(case, "note"), {"version": 1, "note": "Second note."})
    assert response.status_code == 409
    body = response.json()
    assert [(c["kind"], c["organisation"]) for c in body["changes"]] == [("note", "BMP")]
    assert "Second note" not in response.content.decode()
    assert counts() == before


@pytest.mark.django_db
def test_a_wrong_state_answers_409_with_a_message(client_for):
    police = client_for("police")
    case = open_case(police)
    body = act(
        police, case, "reopen", expected=409, reason="new_needs", note="Not closed.", confirm=True
    )
    assert body["detail"] == "Only a closed case can be reopened."


@pytest.mark.django_db
def test_a_service_provider_may_not_open_cases(client_for):
    shelter = client_for("shelter")
    before = counts()
    response = post(shelter, LIST, NEW_CASE)
    assert response.status_code == 403
    assert counts() == before


# --- schema -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_schema_describes_the_case_api(client_for):
    response = client_for("ra").get(reverse("api-schema"), HTTP_ACCEPT="application/json")
    paths = response.json()["paths"]
    assert "/api/cases/" in paths and "/api/cases/{code}/" in paths
    assert {f"/api/cases/{{code}}/actions/{name}/" for name in ACTIONS} <= set(paths)


@pytest.mark.django_db
def test_the_list_takes_a_fixed_number_of_queries(client_for):
    police = client_for("police")

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert police.get(LIST).status_code == 200
        return len(context)

    open_case(police)
    one = queries()
    open_case(police)
    open_case(police)
    assert queries() == one
