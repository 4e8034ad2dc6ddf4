"""Need to know for proceedings as a matrix: every justice page and endpoint × every persona ×
a proceeding of the prosecutor's office (GPO) and one of the investigator's (ASP), with the
exact status; and no proceeding data in any answer to a persona without a justice role."""

from datetime import date

import pytest
from django.urls import reverse

from lidhja.justice.domain.steps import STEPS
from lidhja.justice.models import Proceeding
from tests.conftest import PERSONAS
from tests.justice.helpers import defendant, register

JUSTICE = {"prosecutor": "GPO", "investigator": "ASP", "court_clerk": "MOJ"}
NO_JUSTICE_ROLE = set(PERSONAS) - set(JUSTICE)
OFFENCE_READERS = {*JUSTICE, "onac", "observer"}


@pytest.fixture
def proceedings(persona):
    gpo = register(persona("prosecutor"))
    defendant(gpo, persona("prosecutor"), given_name="Matrixdefendant")
    asp = register(persona("investigator"), offences=["128/b"])
    defendant(asp, persona("investigator"), given_name="Matrixdefendant")
    return {"GPO": gpo, "ASP": asp}


def _pages(code):
    yield "detail", reverse("justice:detail", args=[code])
    yield "identities", reverse("justice:identities", args=[code])
    for name in sorted(STEPS):
        yield f"action-{name}", reverse("justice:action", args=[code, name])


def _api(code):
    yield "get", "detail", reverse("justice-api:detail", args=[code])
    for name in sorted(STEPS):
        yield "post", f"action-{name}", reverse(f"justice-api:action-{name}", args=[code])


def _expected(who, office):
    if who in NO_JUSTICE_ROLE:
        return 403
    return 200 if JUSTICE[who] == office else 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_every_proceeding_page_for_every_persona(client_for, proceedings, who):
    client = client_for(who)
    got, want = {}, {}
    for office, proceeding in proceedings.items():
        for name, url in _pages(proceeding.code):
            response = client.get(url)
            got[(office, name)] = response.status_code
            want[(office, name)] = _expected(who, office)
            if response.status_code != 200:
                assert "Matrixdefendant" not in response.content.decode()
    assert got == want


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_every_proceeding_endpoint_for_every_persona(client_for, proceedings, who):
    """An empty step is refused with 403/404 before validation when the persona may not take
    it, and answers 400 when it may."""
    client = client_for(who)
    got, want = {}, {}
    for office, proceeding in proceedings.items():
        for method, name, url in _api(proceeding.code):
            if method == "get":
                response = client.get(url)
            else:
                response = client.post(url, {}, content_type="application/json")
            got[(office, name)] = response.status_code
            expected = _expected(who, office)
            want[(office, name)] = 400 if method == "post" and expected == 200 else expected
    assert got == want


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_the_lists_show_exactly_the_own_offices_proceedings(client_for, proceedings, who):
    client = client_for(who)
    page, api = client.get(reverse("justice:list")), client.get(reverse("justice-api:list"))
    if who in NO_JUSTICE_ROLE:
        assert (page.status_code, api.status_code) == (403, 403)
        for proceeding in proceedings.values():
            assert proceeding.code not in page.content.decode() + api.content.decode()
        return
    own = {p.code for office, p in proceedings.items() if office == JUSTICE[who]}
    assert {row["code"] for row in api.json()["results"]} == own
    listed = {p.code for p in proceedings.values() if p.code in page.content.decode()}
    assert listed == own


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_registering_a_proceeding(client_for, who):
    client = client_for(who)
    data = {"registered_on": "2026-01-05", "offences": ["110/a"]}
    page = client.post(reverse("justice:new"), data)
    api = client.post(reverse("justice-api:list"), data, content_type="application/json")
    if who in NO_JUSTICE_ROLE:
        assert (page.status_code, api.status_code) == (403, 403)
        assert Proceeding.objects.count() == 0
        return
    assert (page.status_code, api.status_code) == (302, 201)
    offices = set(Proceeding.objects.values_list("office__code", flat=True))
    assert offices == {JUSTICE[who]}


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_the_table_of_offences_is_read_by_justice_onac_and_observers_and_kept_by_onac(
    client_for, who
):
    client = client_for(who)
    reader = 200 if who in OFFENCE_READERS else 403
    assert client.get(reverse("justice:offences")).status_code == reader
    assert client.get(reverse("justice:offence_table", args=[1])).status_code == reader
    new = client.post(reverse("justice:offences"), {"title": "v2", "valid_from": "2026-01-01"})
    publish = client.post(reverse("justice:offence_change", args=[1, "publish"]), {"version": 1})
    if who == "onac":
        assert new.status_code == 302
        assert publish.status_code == 409  # version 1 is published already
    else:
        assert (new.status_code, publish.status_code) == (403, 403)


@pytest.mark.django_db
def test_anonymous_and_bad_tokens_get_401_from_the_justice_api(client, proceedings):
    for url in [
        reverse("justice-api:list"),
        reverse("justice-api:detail", args=[proceedings["GPO"].code]),
    ]:
        assert client.get(url).status_code == 401
        assert client.get(url, HTTP_AUTHORIZATION="Token ldh_not-a-token").status_code == 401


@pytest.mark.django_db
def test_a_closed_proceeding_offers_no_stage_but_still_assets(client_for, persona, proceedings):
    from tests.justice.helpers import stage

    gpo = proceedings["GPO"]
    stage(gpo, persona("prosecutor"), "investigation", date(2026, 1, 20), outcome="dismissed")
    body = client_for("prosecutor").get(reverse("justice-api:detail", args=[gpo.code])).json()
    assert body["steps"] == ["defendant-edit", "asset", "victim"]
    assert body["parts"]["summary"]["closed_on"] == "2026-01-20"
