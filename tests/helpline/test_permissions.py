"""The helpline's pages and endpoints × every persona, with the exact status: the operators
of a line see and change their own organisation's calls (another organisation's call answers
404, like a missing one); every other role gets 403 on calls, and the statistics (every role
but the administrator)."""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.helpline.helpers import log
from tests.helpline.test_services import other_operator

ALL = set(PERSONAS)
OPERATORS = {"helpline"}
STATISTICS = ALL - {"sysadmin"}


def _pages(reference: str):
    """(name, url, who gets 200 on a call of the persona's organisation)."""
    return [
        ("calls", reverse("helpline:calls"), OPERATORS),
        ("calls-day", reverse("helpline:calls") + "?day=2009-02-10", OPERATORS),
        ("statistics", reverse("helpline:statistics"), STATISTICS),
        ("statistics-month", reverse("helpline:statistics") + "?year=2009&by=month", STATISTICS),
        ("statistics-csv", reverse("helpline:statistics") + "?year=2009&format=csv", STATISTICS),
        ("statistics-xlsx", reverse("helpline:statistics") + "?year=2009&format=xlsx", STATISTICS),
        ("call", reverse("helpline:call", args=[reference]), OPERATORS),
        ("correct", reverse("helpline:correct", args=[reference]), OPERATORS),
        ("open-case", reverse("helpline:open_case", args=[reference]), OPERATORS),
    ]


def _api(reference: str):
    """(method, name, url, who may reach it; a POST with no body answers them 400)."""
    return [
        ("get", "api-calls", reverse("helpline-api:calls"), OPERATORS),
        ("post", "api-calls-log", reverse("helpline-api:calls"), OPERATORS),
        ("get", "api-statistics", reverse("helpline-api:statistics") + "?year=2009", STATISTICS),
        ("get", "api-call", reverse("helpline-api:call", args=[reference]), OPERATORS),
        ("post", "api-correct", reverse("helpline-api:correct", args=[reference]), OPERATORS),
        ("post", "api-open-case", reverse("helpline-api:open_case", args=[reference]), OPERATORS),
    ]


@pytest.fixture
def calls(persona):
    return {"own": log(persona("helpline")), "other": log(other_operator())}


def _want_page(who, allowed, name, owner):
    if who not in allowed:
        return 403
    if owner == "other" and name in {"call", "correct", "open-case"}:
        return 404
    return 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_every_helpline_page_for_every_persona(client_for, calls, who):
    client = client_for(who)
    got, want = {}, {}
    for owner, call in calls.items():
        for name, url, allowed in _pages(call.reference):
            response = client.get(url)
            got[(owner, name)] = response.status_code
            want[(owner, name)] = _want_page(who, allowed, name, owner)
            if response.status_code != 200:
                assert call.reference not in response.content.decode()
    assert got == want


def _want_api(who, allowed, method, name, owner):
    if who not in allowed:
        return 403
    if owner == "other" and name in {"api-call", "api-correct", "api-open-case"}:
        return 404
    return 400 if method == "post" else 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_every_helpline_endpoint_for_every_persona(client_for, calls, who):
    client = client_for(who)
    got, want = {}, {}
    for owner, call in calls.items():
        for method, name, url, allowed in _api(call.reference):
            response = getattr(client, method)(url, {}, content_type="application/json")
            got[(owner, name)] = response.status_code
            want[(owner, name)] = _want_api(who, allowed, method, name, owner)
            if response.status_code != 200:
                assert call.reference not in response.content.decode()
    assert got == want


@pytest.mark.django_db
def test_the_call_list_shows_only_the_own_organisation(client_for, calls):
    body = client_for("helpline").get(reverse("helpline-api:calls")).json()
    assert [row["reference"] for row in body["results"]] == [calls["own"].reference]
