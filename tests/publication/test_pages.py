"""The statistics pages: publishing freezes a period, the previous period is shown as
published, numbers in the user's language, downloads render the same cells, the old address
leads here."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lidhja.audit.models import AuditEntry
from lidhja.publication.models import Release
from tests.publication.helpers import add_register, many

Q1 = reverse("publication:period", args=["2009Q1"])
Q2 = reverse("publication:period", args=["2009Q2"])


@pytest.fixture
def two_quarters(db):
    """2009Q1: 12 identified women from Tirana, 2 men; 2009Q2: 20 persons."""
    add_register(many(12, identified_on=date(2009, 2, 1)))
    add_register(many(2, identified_on=date(2009, 3, 1), sex="male"))
    add_register(many(20, identified_on=date(2009, 5, 1), source="ngo"))


def grid(response, code: str) -> dict:
    found = next(g for g in response.context["grids"] if g["table"].code == code)
    return dict(found["rows"]) | ({"Total": found["total"][1]} if found["total"] else {})


@pytest.mark.django_db
def test_onac_sees_a_draft_and_publishes_it(two_quarters, client_for):
    draft = client_for("onac").get(Q1)
    assert draft.status_code == 200
    assert "Draft: not published" in draft.content.decode()
    assert client_for("observer").get(Q1).status_code == 404  # nobody else sees a draft
    assert client_for("onac").get(Q1, {"format": "csv"}).status_code == 404  # nor downloads one
    response = client_for("onac").post(reverse("publication:publish", args=["2009Q1"]))
    assert response.status_code == 302
    release = Release.objects.get(period="2009Q1")
    assert release.published_by.username == "onac.analyst"
    assert release.definitions["victims.sex"] == 1
    entry = AuditEntry.objects.get(action="statistics.published")
    assert entry.changes["period"] == "2009Q1"
    page = client_for("observer").get(Q1)
    assert page.status_code == 200
    # 14 persons: 12 women and 2 men (below 5: hidden, and so is its complement).
    assert grid(page, "victims.sex")["Female"][0] == "–"
    assert grid(page, "victims.sex")["Male"][0] == "–"
    assert grid(page, "victims.sex")["Total"][0] == "14"
    # Everyone came through the police: the empty sources would give Police back, so it hides.
    assert grid(page, "victims.source")["Police"][0] == "–"
    assert "Definition victims.sex, version 1" in page.content.decode()


@pytest.mark.django_db
def test_a_published_period_never_changes_and_is_the_next_page_s_previous_column(
    two_quarters, client_for
):
    client_for("onac").post(reverse("publication:publish", args=["2009Q1"]))
    # A late entry for Q1 after it was published: Q1 as published stays as it was.
    add_register(many(3, identified_on=date(2009, 1, 5)))
    client_for("onac").post(reverse("publication:publish", args=["2009Q2"]))
    q1 = grid(client_for("observer").get(Q1), "victims.source")
    q2 = grid(client_for("observer").get(Q2), "victims.source")
    assert q1["Total"] == ["14", ""]  # 2008Q4 is not published
    assert q2["Total"] == ["20", "14"]
    assert q2["Non-governmental organisation"] == ["–", "–"]
    assert q2["Police"] == ["–", "–"]
    again = client_for("onac").post(reverse("publication:publish", args=["2009Q1"]))
    assert again.status_code == 409


@pytest.mark.django_db
def test_a_period_not_ended_and_a_year_before_its_quarters_are_refused(client_for):
    assert (
        client_for("onac").post(reverse("publication:publish", args=["2999Q1"])).status_code == 409
    )
    response = client_for("onac").post(reverse("publication:publish", args=["2009"]))
    assert response.status_code == 409
    assert "four quarters" in response.content.decode()
    assert not Release.objects.exists()
    assert client_for("onac").get(reverse("publication:period", args=["2009Q5"])).status_code == 404


@pytest.mark.django_db
def test_numbers_are_grouped_in_the_user_s_language(client_for, settings):
    settings.LIDHJA_PUBLICATION_THRESHOLD = 1
    add_register(many(1234, identified_on=date(2009, 2, 1)))
    client_for("onac").post(reverse("publication:publish", args=["2009Q1"]))
    english = grid(client_for("onac").get(Q1), "victims.persons")["Persons"][0]
    albanian_page = client_for("onac").get(Q1, HTTP_ACCEPT_LANGUAGE="sq")
    albanian = grid(albanian_page, "victims.persons")["Persona"][0]
    assert english == "1,234"
    assert albanian.replace("\xa0", " ") == "1 234"
    assert "Persona sipas gjinisë" in albanian_page.content.decode()


@pytest.mark.django_db
def test_the_downloads_show_the_page_s_cells(two_quarters, client_for):
    client_for("onac").post(reverse("publication:publish", args=["2009Q1"]))
    response = client_for("observer").get(Q1, {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Table", "Definition", "Version", "Category", "Period", "Count", "Amount (ALL)",
    ]  # fmt: skip
    assert ["Persons by sex", "victims.sex", "1", "Female", "2009Q1", "–", ""] in rows
    assert ["Persons by sex", "victims.sex", "1", "Total: Persons", "2009Q1", "14", ""] in rows
    book = load_workbook(io.BytesIO(client_for("observer").get(Q1, {"format": "xlsx"}).content))
    sheet = book["Persons by sex"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Persons by sex (victims.sex v1)", None]
    assert ["Female", "–"] in values and ["Total: Persons", 14] in values
    pdf = client_for("observer").get(Q1, {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client_for("observer").get(Q1, {"format": "docx"}).status_code == 400


@pytest.mark.django_db
def test_the_api_renders_the_same_document(two_quarters, client_for):
    client_for("onac").post(reverse("publication:publish", args=["2009Q1"]))
    data = client_for("observer").get(reverse("publication-api:release", args=["2009Q1"])).json()
    assert data["period"] == "2009Q1" and data["columns"] == ["2009Q1", "2008Q4"]
    sex = next(t for t in data["tables"] if t["code"] == "victims.sex")
    assert sex["version"] == 1
    assert [r["figures"] for r in sex["rows"]][:2] == [[None, None], [None, None]]
    assert sex["total"]["figures"] == [14, None]
    page = grid(client_for("observer").get(Q1), "victims.sex")
    assert page["Total"][0] == str(sex["total"]["figures"][0])
    albanian = client_for("observer").get(
        reverse("publication-api:release", args=["2009Q1"]), {"lang": "sq"}
    )
    assert (
        next(t for t in albanian.json()["tables"] if t["code"] == "victims.sex")["title"]
        == "Persona sipas gjinisë"
    )
    bad = client_for("observer").get(
        reverse("publication-api:release", args=["2009Q1"]), {"lang": "de"}
    )
    assert bad.status_code == 400 and "lang" in bad.json()
    missing = client_for("observer").get(reverse("publication-api:release", args=["2009Q2"]))
    assert missing.status_code == 404
    listed = client_for("observer").get(reverse("publication-api:releases")).json()
    assert [r["period"] for r in listed["results"]] == ["2009Q1"]


@pytest.mark.django_db
def test_the_old_address_leads_to_the_statistics(client_for):
    response = client_for("observer").get(reverse("cases:statistics"))
    assert response.status_code == 302
    assert response["Location"] == reverse("publication:index")
    assert client_for("sysadmin").get(reverse("cases:statistics")).status_code == 403


@pytest.mark.django_db
def test_onac_asks_for_a_draft_by_period(client_for):
    response = client_for("onac").get(reverse("publication:index"), {"period": "2009q3"})
    assert response.status_code == 302
    assert response["Location"] == reverse("publication:period", args=["2009Q3"])
    bad = client_for("onac").get(reverse("publication:index"), {"period": "Q3"})
    assert bad.status_code == 400
    assert "Give a year (2009) or a quarter (2009Q1)." in bad.content.decode()
