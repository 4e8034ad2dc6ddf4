"""The trainings pages and API render the same rows; the events list keeps its filters in the
URL and reads a fixed number of queries; demo data leaves gaps in coverage."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lidhja.plans.models import PlanNode
from lidhja.trainings.domain import queries, reading, services
from lidhja.trainings.domain.demo import MODULES
from lidhja.trainings.models import RosterMember, Sex, TrainingEvent
from tests.trainings.helpers import attend, event, member, module, org


@pytest.fixture
def events(persona):
    by = persona("onac")
    first = event(by, starts=date(2009, 3, 2))
    m = member(by, sex=Sex.FEMALE)
    attend(
        by,
        first,
        [m],
        [
            services.CountRow(org("ASP"), "police", Sex.MALE, 7),
            services.CountRow(org("BMP"), "border_police", Sex.FEMALE, 2),
        ],
    )
    other = module(by, code="SOM-TIP", provider="SOM")
    for day in range(1, 6):
        event(by, provider="SOM", module=other, starts=date(2010, 5, day), qark="durres")
    return first


@pytest.mark.django_db
def test_the_event_page_and_api_show_the_same_participants(client_for, events):
    client = client_for("observer")
    page = client.get(reverse("trainings:event", args=[events.pk])).content.decode()
    data = client.get(reverse("trainings-api:event", args=[events.pk])).json()
    assert data["participants"] == [
        {"organisation": "ASP", "function": "police", "female": 1, "male": 7, "total": 8},
        {"organisation": "BMP", "function": "border_police", "female": 2, "male": 0, "total": 2},
    ]
    assert set(data) == {
        *__import__("lidhja.trainings.domain.showing", fromlist=["x"]).EVENT_FIELDS,
        "participants",
    }
    for row in data["participants"]:
        assert f"<td>{row['organisation']}</td>" in page


@pytest.mark.django_db
def test_the_events_list_filters_from_the_url_in_a_fixed_number_of_queries(client_for, events):
    client = client_for("onac")
    url = reverse("trainings:events")
    client.get(url)  # the session's first request reads more (second factor, renewal)
    with CaptureQueriesContext(connection) as few:
        body = client.get(url, {"year": "2010", "qark": "durres"}).content.decode()
    assert "5 events" in body
    event(
        events.recorded_by,
        provider="SOM",
        module=module(None, code="SOM-TIP"),
        starts=date(2010, 6, 1),
        qark="durres",
    )
    with CaptureQueriesContext(connection) as more:
        body = client.get(url, {"year": "2010", "qark": "durres"}).content.decode()
    assert "6 events" in body
    assert len(more) == len(few)
    assert "1 event" in client.get(url, {"year": "2009"}).content.decode()
    api = client.get(reverse("trainings-api:events"), {"provider": "SOM"}).json()
    assert api["count"] == 6
    assert client.get(reverse("trainings-api:events"), {"year": "x"}).status_code == 400


@pytest.mark.django_db
def test_the_roster_lists_references_without_names(client_for, events):
    m = RosterMember.objects.get()
    body = client_for("onac").get(reverse("trainings:roster")).content.decode()
    assert m.reference in body
    assert "Testmember" not in body
    names = client_for("onac").get(reverse("trainings:roster_names")).content.decode()
    assert "Synthetic Testmember" in names


@pytest.mark.django_db
def test_the_pages_speak_albanian(client_for, events):
    client = client_for("onac")
    body = client.get(reverse("trainings:coverage"), HTTP_ACCEPT_LANGUAGE="sq").content.decode()
    assert "Mbulimi" in body
    events.node = PlanNode.objects.get(chapter="prosecution", code="1.(b).2")
    events.save()
    url = reverse("trainings:event", args=[events.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="sq").content.decode()
    assert "Ndërgjegjësim bazë" in page and "Basic awareness" not in page
    assert "Ndjekja penale dhe drejtësia penale 1.(b).2" in page
    assert "prosecution 1.(b).2" not in page
    form = client.get(reverse("trainings:event_new"), HTTP_ACCEPT_LANGUAGE="sq").content.decode()
    assert "PA-BASIC Ndërgjegjësim bazë" in form


@pytest.mark.django_db
def test_a_member_is_added_on_the_page_and_the_name_never_reaches_the_url(client_for):
    client = client_for("focal_asp")
    response = client.post(
        reverse("trainings:member_new"),
        {
            "given_name": "Pagegiven",
            "family_name": "Pagefamily",
            "organisation": "ASP",
            "function": "police",
            "sex": "female",
            "active_from": "2008-02-01",
        },
    )
    assert response.status_code == 302
    m = RosterMember.objects.get()
    assert response["Location"] == reverse("trainings:member", args=[m.reference])
    assert "Pagefamily" not in response["Location"]
    assert reading.reveal_names(None, [m]) == {}


@pytest.mark.django_db
def test_demo_data_adds_trainings_with_gaps():
    call_command("demo_data", stdout=io.StringIO())
    assert TrainingEvent.objects.count() == 7
    assert RosterMember.objects.count() == 37
    assert all(
        services.name_of(m)["family_name"].startswith("Demo-") for m in RosterMember.objects.all()
    )
    result = queries.coverage(date(2010, 12, 31))
    assert (result.police.active, result.police.trained) == (10, 4)
    assert (result.judges.active, result.judges.trained) == (6, 5)
    assert result.border_covered == 6
    assert {code for code, *_rest in MODULES} == set(
        TrainingEvent.objects.values_list("module__code", flat=True)
    )
