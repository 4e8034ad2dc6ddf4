"""The comparison page: ONAC and observers only, Lidhja's figures beside UNODC's with a chart
drawn as SVG (no script, no inline style), the citation wherever UNODC figures are shown, and
the same rows as `lidhja stats compare`."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.exchange.helpers import add_case, add_cases, publish_year
from tests.exchange.test_reference_import import write_csv

PAGE = reverse("exchange:compare")
CITATION = "UNODC, Global Report on Trafficking in Persons data"


@pytest.fixture
def reference(tmp_path, db, settings):
    """A small reference file in UNODC's layout: Albania 2009 and 2010, and Kosovo 2009."""
    victims = ("Detected trafficking victims", "Total", "Total")
    path = write_csv(
        tmp_path / "glotip.csv",
        [
            ("ALB", "Albania", 2009, *victims, "Total", "Total", "95"),
            ("ALB", "Albania", 2009, *victims, "Male", "Total", "<5"),
            ("ALB", "Albania", 2010, *victims, "Total", "Total", "97"),
            ("XKX", "Kosovo", 2009, *victims, "Total", "Total", "40"),
        ],
    )
    call_command("stats", "import-unodc", str(path), stdout=io.StringIO())
    settings.LIDHJA_PUBLICATION_THRESHOLD = 1
    for month in (2, 5, 8, 11):  # every quarter counts women and persons at risk
        add_cases(3, year=2009, sex="female", month=month)
        add_case(year=2009, kind="at_risk", month=month)
    add_cases(3, year=2009, sex="male")  # the first quarter only: hidden in the year
    publish_year(2009)


@pytest.mark.django_db
def test_the_page_shows_both_figures_a_chart_and_the_citation(client_for, reference):
    response = client_for("onac").get(PAGE, {"country": "ALB", "first": 2009, "last": 2010})
    assert response.status_code == 200
    html = response.content.decode()
    cell, number = "<td>([^<]*)</td>", '<td class="num">([^<]*)</td>'
    rows = re.findall(f'<tr><th scope="row">(\\d+)</th>{cell * 3}{number * 2}</tr>', html)
    assert ("2009", "Detected victims", "All", "All ages", "15", "95") in rows
    assert ("2009", "Detected victims", "Male", "All ages", "–", "&lt;5") in rows
    assert "Not published in Lidhja yet: 2010." in html  # its column is empty
    assert ("2010", "Detected victims", "All", "All ages", "", "97") in rows
    assert ("2009", "Persons prosecuted", "All", "All ages", "–", "") in rows  # 0: hidden
    assert ("2010", "Persons prosecuted", "All", "All ages", "", "") in rows  # not published
    assert html.count(CITATION) >= 2  # beside the chart and below the table
    assert "<svg" in html and 'class="bar-lidhja"' in html and 'class="bar-unodc"' in html
    assert " style=" not in html and "<script>" not in html and "<style" not in html
    assert "exchange/exchange.css" in html


@pytest.mark.django_db
def test_another_country_shows_unodc_alone(client_for, reference):
    response = client_for("observer").get(PAGE, {"country": "XKX", "first": 2009, "last": 2009})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lidhja holds figures for its own country only" in html
    assert ">40</td>" in html


@pytest.mark.django_db
def test_the_csv_download_is_the_command_s_output(client_for, reference):
    response = client_for("onac").get(
        PAGE, {"country": "ALB", "first": 2009, "last": 2010, "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    out = io.StringIO()
    call_command(
        "stats", "compare", "--country", "ALB", "--from", "2009", "--to", "2010", stdout=out
    )
    assert response.content.decode() == out.getvalue()
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 2 * 27
    assert rows[0] == {
        "year": "2009",
        "indicator": "detected",
        "sex": "total",
        "age": "total",
        "lidhja": "15",
        "unodc": "95",
        "unodc_source": CITATION,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"country": "ALB", "first": 2010, "last": 2009}, "last"),
        ({"country": "ALB", "first": "x", "last": 2009}, "first"),
        ({"country": "NOPE", "first": 2009, "last": 2009}, "country"),
        ({"country": "ALB", "first": 1900, "last": 2100}, "last"),
    ],
)
def test_bad_choices_answer_400_naming_the_field(client_for, reference, query, field):
    response = client_for("onac").get(PAGE, query)
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()


@pytest.mark.django_db
def test_the_page_in_albanian(client_for, reference):
    response = client_for("onac").get(
        PAGE, {"country": "ALB", "first": 2009, "last": 2009}, HTTP_ACCEPT_LANGUAGE="sq"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Burimi i shifrave të UNODC: {CITATION}." in html
    assert "<td>Viktima të zbuluara</td><td>Të gjitha</td><td>Të gjitha moshat</td>" in html
