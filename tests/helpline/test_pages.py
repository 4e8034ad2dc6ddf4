"""The helpline's pages and API at work: the quick entry form, a correction, opening a
potential case once (a second time answers 409), the statistics page in both languages, and
the demo data."""

import random

import pytest
from django.urls import reverse
from django.utils import timezone

from lidhja.audit.models import AuditEntry
from lidhja.cases.models import Case
from lidhja.helpline.domain import demo
from lidhja.helpline.models import Call
from tests.helpline.helpers import log

pytestmark = pytest.mark.django_db

FORM = {
    "line": "0800_1212",
    "received_on": "2009-03-02",
    "received_time": "09:05",
    "caller_type": "victim",
    "topic": "trafficking",
    "qark": "",
    "language": "sq",
    "outcome": "information",
    "referred_to": "",
    "duration_minutes": "",
}


def test_the_call_log_offers_the_quick_form_first(client_for):
    page = client_for("helpline").get(reverse("helpline:calls")).content.decode()
    form = page[page.index('id="log-heading"') :]
    order = [form.index(f'name="{name}"') for name in FORM]
    assert order == sorted(order)
    today = timezone.localdate().isoformat()
    assert f'name="received_on" value="{today}"' in form


def test_a_call_logged_on_the_page(client_for):
    response = client_for("helpline").post(reverse("helpline:calls"), FORM)
    assert response.status_code == 302
    call = Call.objects.get()
    assert (call.reference, call.qark, call.duration_minutes) == ("HL-2009-000001", "", None)
    day = client_for("helpline").get(reverse("helpline:calls") + "?day=2009-03-02")
    assert "HL-2009-000001" in day.content.decode()


def test_bad_input_on_the_page_is_400_naming_the_field(client_for):
    response = client_for("helpline").post(
        reverse("helpline:calls"), {**FORM, "received_time": "9h"}
    )
    assert response.status_code == 400
    assert 'id="id_received_time_error"' in response.content.decode()
    assert Call.objects.count() == 0


def test_a_correction_on_the_page_and_a_stale_one(client_for, persona):
    call = log(persona("helpline"))
    url = reverse("helpline:correct", args=[call.reference])
    client = client_for("helpline")
    form = {**FORM, "version": 1, "topic": "complicity"}
    assert client.post(url, form).status_code == 302
    stale = client.post(url, {**form, "topic": "other"})
    assert stale.status_code == 409
    call.refresh_from_db()
    assert (call.topic, call.version) == ("complicity", 2)


def test_a_potential_case_from_the_api_once(client_for, persona):
    call = log(persona("helpline"))
    client = client_for("helpline")
    url = reverse("helpline-api:open_case", args=[call.reference])
    body = {
        "version": 1,
        "managing_organisation": "MUN-SH",
        "kind": "trafficking",
        "exploitation": ["sexual"],
    }
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201
    case = Case.objects.get()
    assert response.json() == {"reference": call.reference, "version": 2, "case": case.code}
    again = client.post(url, {**body, "version": 2}, content_type="application/json")
    assert again.status_code == 409
    assert case.code in again.json()["detail"]
    assert Case.objects.count() == 1
    detail = client.get(reverse("helpline:call", args=[call.reference])).content.decode()
    assert case.code in detail and "Open a potential case" not in detail
    api = client.get(reverse("helpline-api:call", args=[call.reference])).json()
    assert (api["case"], api["outcome"]) == (case.code, "potential_case")
    # The page's form is not offered again: the operator is told before typing anything.
    page = client.get(reverse("helpline:open_case", args=[call.reference]), follow=True)
    assert page.redirect_chain == [(reverse("helpline:call", args=[call.reference]), 302)]
    assert "A case has already been opened from this call." in page.content.decode()


def test_api_bad_input_names_the_field(client_for):
    response = client_for("helpline").post(
        reverse("helpline-api:calls"),
        {**FORM, "referred_to": None, "duration_minutes": None, "outcome": "referred"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["referred_to"]
    assert AuditEntry.objects.filter(action="helpline.call_logged").count() == 0


def test_statistics_page_in_albanian(client_for, persona):
    log(persona("helpline"))
    client = client_for("onac")
    client.cookies["django_language"] = "sq"
    page = client.get(reverse("helpline:statistics") + "?year=2009", HTTP_ACCEPT_LANGUAGE="sq")
    assert page.status_code == 200
    assert "Statistikat e thirrjeve, 2009" in page.content.decode()
    bad = client.get(reverse("helpline:statistics") + "?year=1900")
    assert bad.status_code == 400
    assert 'role="alert"' in bad.content.decode() and "Year: " in bad.content.decode()
    api = client.get(reverse("helpline-api:statistics") + "?year=nineteen")
    assert (api.status_code, list(api.json())) == (400, ["year"])


def test_statistics_open_on_the_latest_year_with_calls(client_for, persona):
    log(persona("helpline"))
    page = client_for("onac").get(reverse("helpline:statistics"))
    assert page.context["document"].year == 2009
    body = page.content.decode()
    assert "Statistics of calls, 2009" in body and '<option value="2009" selected>' in body
    this_year = str(timezone.localdate().year)
    assert f'<option value="{this_year}">' in body


def test_demo_calls(persona):
    rng = random.Random(7)  # noqa: S311 -- synthetic data
    report = demo.load(rng, {"demo.helpline": persona("helpline")})
    assert report == "360 helpline calls, 6 of them opened potential cases"
    assert Call.objects.count() == 360
    assert Call.objects.filter(case__isnull=False, outcome="potential_case").count() == 6
    assert Case.objects.filter(identification_source="helpline", status="potential").count() == 6
    years = set(Call.objects.values_list("year", flat=True))
    assert years == {2008, 2009, 2010}
