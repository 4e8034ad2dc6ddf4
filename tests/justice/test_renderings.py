"""The proceeding page and the justice API are two renderings of one registry of steps
(justice.domain.steps) and one view of a proceeding (justice.domain.reading.parts_of): for
every persona and proceeding they answer alike, offer the same steps and show the same parts;
each step's form and serializer have the same fields."""

import re
from datetime import date

import pytest
from django.urls import reverse

from lidhja.justice.api.inputs import serializer_for
from lidhja.justice.domain.steps import STEPS
from lidhja.justice.interfaces.forms import form_for
from tests.conftest import PERSONAS
from tests.justice.helpers import asset, convict, defendant, register

ALWAYS = {"summary", "offences", "defendants", "stages", "assets", "victims"}


@pytest.fixture
def proceedings(persona):
    prosecutor = persona("prosecutor")
    open_one = register(prosecutor)
    closed = register(prosecutor, offences=["114/b"])
    d = defendant(closed, prosecutor)
    convict(closed, prosecutor, d, date(2026, 2, 1))
    asset(closed, prosecutor, "confiscated", "10.00")
    other = register(persona("investigator"), offences=["298"])
    return {"open": open_one, "closed": closed, "other": other}


def _page(client, code):
    response = client.get(reverse("justice:detail", args=[code]))
    if response.status_code != 200:
        return response.status_code, None, None
    html = response.content.decode()
    steps = set(re.findall(rf'href="/justice/{code}/([a-z-]+)/"', html)) - {"defendants"}
    return 200, steps, set(re.findall(r'data-part="([a-z_]+)"', html))


def _api(client, code):
    response = client.get(reverse("justice-api:detail", args=[code]))
    if response.status_code != 200:
        return response.status_code, None, None
    body = response.json()
    return 200, set(body["steps"]), set(body["parts"]) - {"asset_totals"}


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_page_and_api_offer_the_same_steps_and_show_the_same_parts(who, proceedings, client_for):
    client = client_for(who)
    for key, proceeding in proceedings.items():
        page = _page(client, proceeding.code)
        api = _api(client, proceeding.code)
        assert page == api, (who, key)
        if page[0] == 200:
            assert page[2] == ALWAYS


@pytest.mark.django_db
def test_the_comparison_covers_every_step(proceedings, client_for):
    offered = set()
    for who in PERSONAS:
        client = client_for(who)
        for proceeding in proceedings.values():
            response = client.get(reverse("justice-api:detail", args=[proceeding.code]))
            if response.status_code == 200:
                offered |= set(response.json()["steps"])
    assert offered == set(STEPS)


@pytest.mark.parametrize("name", sorted(STEPS))
def test_each_step_has_the_same_fields_on_the_page_and_in_the_api(name):
    step = STEPS[name]
    form_fields = set(form_for(step.input).base_fields)
    api_fields = set(serializer_for(step.name, step.input)().fields)
    assert form_fields == api_fields == {field.name for field in step.input}
    required = {f.name for f in step.input if f.required and f.kind != "bool"}
    assert {n for n, f in form_for(step.input).base_fields.items() if f.required} == required
