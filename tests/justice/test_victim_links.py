"""Victim links decided from the case side, and defendants edited: one locked, version-checked,
audited service each, the same on the pages and in the APIs."""

from datetime import date

import pytest
from django.urls import reverse

from lidhja.audit.models import AuditEntry
from lidhja.justice.domain import services
from lidhja.justice.models import VictimLink
from tests.cases.test_access_matrix import _open
from tests.justice.helpers import convict, defendant, fresh, register


@pytest.fixture
def linked(persona):
    case = _open(persona("social_tirana"), "MUN-TR")
    proceeding = register(persona("prosecutor"))
    link = services.link_victim(
        proceeding,
        by=persona("prosecutor"),
        version=fresh(proceeding),
        values={"case_code": case.code, "role": "witness"},
    )
    return case, proceeding, link


@pytest.mark.django_db
def test_the_managing_unit_sees_the_request_and_confirms_it_in_the_api(client_for, linked):
    case, proceeding, link = linked
    client = client_for("social_tirana")
    body = client.get(f"/api/cases/{case.code}/").json()
    assert body["proceedings"] == [
        {
            "id": link.pk,
            "version": 1,
            "proceeding": proceeding.code,
            "office": "GPO",
            "role": "witness",
            "status": "pending",
            "recorded_on": link.recorded_at.date().isoformat(),
            "decided_on": None,
        }
    ]
    assert "proceeding-link" in body["steps"]
    url = reverse("cases-api:action-proceeding-link", args=[case.code])
    data = {"link": link.pk, "link_version": 1, "decision": "confirm"}
    assert client.post(url, data, content_type="application/json").status_code == 200
    link.refresh_from_db()
    assert (link.status, link.version) == ("confirmed", 2)
    entry = AuditEntry.objects.get(action="justice.victim_link_confirmed")
    assert entry.changes == {"proceeding": proceeding.code, "case": case.code, "role": "witness"}
    # stale, then decided already: 409, nothing changes
    assert client.post(url, data, content_type="application/json").status_code == 409
    data["link_version"] = 2
    assert client.post(url, data, content_type="application/json").status_code == 409
    assert AuditEntry.objects.filter(action__startswith="justice.victim_link_").count() == 1
    justice = client_for("prosecutor").get(f"/api/justice/{proceeding.code}/").json()
    assert justice["parts"]["victims"] == [
        {"case_code": case.code, "role": "witness", "status": "confirmed"}
    ]


@pytest.mark.django_db
def test_the_page_declines_and_the_justice_side_sees_not_confirmed(client_for, linked):
    case, proceeding, link = linked
    client = client_for("ra")
    page = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert 'data-part="proceedings"' in page and proceeding.code in page
    response = client.post(
        reverse("cases:action", args=[case.code, "proceeding-link"]),
        {"link": link.pk, "link_version": 1, "decision": "decline"},
    )
    assert response.status_code == 302
    assert VictimLink.objects.get().status == "rejected"
    assert AuditEntry.objects.filter(action="justice.victim_link_declined").count() == 1
    page = client_for("prosecutor").get(reverse("justice:detail", args=[proceeding.code]))
    assert "Not confirmed" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["police", "social_shkoder", "prosecutor", "shelter"])
def test_others_neither_see_nor_decide_the_request(client_for, linked, who):
    case, proceeding, link = linked
    client = client_for(who)
    response = client.get(f"/api/cases/{case.code}/")
    if response.status_code == 200:
        assert "proceedings" not in response.json() or not response.json()["proceedings"]
        assert proceeding.code not in response.content.decode()
    url = reverse("cases-api:action-proceeding-link", args=[case.code])
    data = {"link": link.pk, "link_version": 1, "decision": "confirm"}
    assert client.post(url, data, content_type="application/json").status_code in (403, 404)
    assert VictimLink.objects.get().status == "pending"


@pytest.mark.django_db
def test_a_defendant_is_edited_in_the_api_and_the_audit_names_fields_only(client_for, persona):
    prosecutor = persona("prosecutor")
    proceeding = register(prosecutor)
    d = defendant(proceeding, prosecutor, sex="male")
    convict(proceeding, prosecutor, d, date(2026, 2, 1), months=60)
    url = reverse("justice-api:action-defendant-edit", args=[proceeding.code])
    data = {
        "version": fresh(proceeding),
        "defendant": d.pk,
        "role": "exploiter",
        "sex": "male",
        "given_name": "Synthetic",
        "family_name": "Renamedson",
        "prison_months": 72,
        "fine_lek": "1000.00",
    }
    client = client_for("prosecutor")
    assert client.post(url, data, content_type="application/json").status_code == 200
    d.refresh_from_db()
    assert (d.role, d.version) == ("exploiter", 2)
    assert services.identity_of(d)["family_name"] == "Renamedson"
    entry = AuditEntry.objects.get(action="justice.defendant_edited")
    assert entry.changes == {
        "defendant": d.code,
        "fields": ["family_name", "fine_lek", "prison_months", "role"],
    }
    assert "Renamedson" not in str(entry.changes)
    body = client.get(f"/api/justice/{proceeding.code}/").json()
    assert body["parts"]["defendants"][0]["sentence"] == {
        "prison_months": 72, "fine_lek": "1000.00", "suspended": False,
    }  # fmt: skip
    assert client.post(url, data, content_type="application/json").status_code == 409
    other = client_for("investigator").post(url, data, content_type="application/json")
    assert other.status_code == 404


@pytest.mark.django_db
def test_a_sentence_without_a_conviction_is_refused_naming_the_field(client_for, persona):
    prosecutor = persona("prosecutor")
    proceeding = register(prosecutor)
    d = defendant(proceeding, prosecutor)
    url = reverse("justice-api:action-defendant-edit", args=[proceeding.code])
    data = {"version": fresh(proceeding), "defendant": d.pk, "role": "recruiter",
            "prison_months": 5}  # fmt: skip
    response = client_for("prosecutor").post(url, data, content_type="application/json")
    assert response.status_code == 400
    assert "prison_months" in response.json()
    assert not AuditEntry.objects.filter(action="justice.defendant_edited").exists()


@pytest.mark.django_db
def test_the_edit_page_shows_the_current_values_and_logs_the_showing(client_for, persona):
    prosecutor = persona("prosecutor")
    proceeding = register(prosecutor)
    d = defendant(proceeding, prosecutor, family_name="Prefilledson")
    url = reverse("justice:action", args=[proceeding.code, "defendant-edit"])
    page = client_for("prosecutor").get(f"{url}?defendant={d.pk}")
    assert page.status_code == 200 and "Prefilledson" in page.content.decode()
    entry = AuditEntry.objects.filter(action="justice.defendants_viewed").get()
    assert entry.changes == {"defendants": [d.code]}


@pytest.mark.django_db
def test_a_reader_of_the_case_without_the_permission_learns_nothing_of_the_requests(
    client_for, persona
):
    """Police who opened the case see it whole, but hold no right to decide: a real request and
    a made-up id get the same 403, and the case shows no proceedings."""
    from lidhja.organisations.models import Organisation

    case = _open(persona("police"), "MUN-TR")
    assert case.opened_by_organisation == Organisation.objects.get(code="BMP")
    proceeding = register(persona("prosecutor"))
    link = services.link_victim(
        proceeding,
        by=persona("prosecutor"),
        version=fresh(proceeding),
        values={"case_code": case.code, "role": "injured_party"},
    )
    client = client_for("police")
    body = client.get(f"/api/cases/{case.code}/").json()
    assert (body["access"], "proceedings" in body) == ("full", False)
    assert "proceeding-link" not in body["steps"]
    url = reverse("cases-api:action-proceeding-link", args=[case.code])
    answers = [
        client.post(
            url,
            {"link": pk, "link_version": 1, "decision": "confirm"},
            content_type="application/json",
        ).status_code
        for pk in (link.pk, link.pk + 1000)
    ]
    assert answers == [403, 403]
