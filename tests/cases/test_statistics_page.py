"""The statistics page and its CSV download: small counts hidden, and hidden so that the totals
and the other counts of the page (all its tables together) do not give them back."""

import csv
import io

import pytest
from django.urls import reverse

from lidhja.cases.domain.suppression import Line
from tests.cases.helpers import open_case_by_post
from tests.cases.test_statistics_suppression import recoverable

PAGE = reverse("cases:statistics")
STATUS = "Cases by year of first contact and status"


@pytest.fixture
def three_presumed_among_twenty(client_for):
    """2026: 6 potential, 3 presumed, 5 identified victims; all adults found at the border."""
    social = client_for("social_tirana")
    for status, n in (("potential", 6), ("presumed", 3), ("identified", 5)):
        for _ in range(n):
            open_case_by_post(social, status=status)


def download(client) -> list[list[str]]:
    response = client.get(PAGE, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def reader_system(rows: list[list[str]]) -> tuple[dict, set, list[Line]]:
    """What a reader knows from the download: the shown counts, the hidden cells, and the sums
    they satisfy. The year totals and the grand total are the same cells in every table that
    has totals (each splits the same cases)."""
    tables: dict[str, dict[tuple[str, str], str]] = {}
    for title, year, category, count in rows[1:]:
        tables.setdefault(title, {})[(year, category)] = count

    def key(title: str, year: str, category: str) -> tuple:
        if year == "Total" and category == "Total":
            return ("all",)
        if category == "Total":
            return ("year", year)
        return (title, year, category)

    shown, hidden, lines = {}, set(), []
    for title, cells in tables.items():
        for (year, category), count in cells.items():
            if count == "–":
                hidden.add(key(title, year, category))
            else:
                shown[key(title, year, category)] = int(count)
        years = {year for year, _c in cells}
        categories = {category for _y, category in cells} - {"Total"}
        if ("Total", "Total") not in cells:
            # No totals (a case may have several forms); the strongest reader still takes a
            # year's row to add up to the year's total.
            lines += [Line(("year", y), tuple((title, y, c) for c in categories)) for y in years]
            continue
        for year in years:
            parts = tuple(key(title, year, c) for c in categories)
            lines.append(Line(key(title, year, "Total"), parts))
        for category in categories | {"Total"}:
            parts = tuple(key(title, year, category) for year in years - {"Total"})
            lines.append(Line(key(title, "Total", category), parts))
    return shown, hidden, lines


@pytest.mark.django_db
def test_the_download_does_not_let_a_reader_subtract_a_small_count_out(
    three_presumed_among_twenty, client_for
):
    rows = download(client_for("onac"))
    assert rows[0] == ["Table", "Year", "Category", "Cases"]
    status = [row[1:] for row in rows if row[0] == STATUS]
    assert status == [
        ["2026", "Potential victim", "6"],
        ["2026", "Presumed victim", "–"],
        ["2026", "Identified victim", "–"],
        ["2026", "At risk", "–"],
        ["2026", "Total", "14"],
        ["Total", "Potential victim", "6"],
        ["Total", "Presumed victim", "–"],
        ["Total", "Identified victim", "–"],
        ["Total", "At risk", "–"],
        ["Total", "Total", "14"],
    ]
    shown, hidden, lines = reader_system(rows)
    assert (STATUS, "2026", "Presumed victim") in hidden
    assert recoverable(lines, hidden) == set()
    # Every sum holds for the shown counts, so the reader's system is the real one.
    assert shown[("year", "2026")] == 14 and shown[("all",)] == 14


@pytest.mark.django_db
def test_the_page_shows_what_the_download_shows(three_presumed_among_twenty, client_for):
    onac = client_for("onac")
    response = onac.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    tables = dict(response.context["tables"])
    grid = next(grid for title, grid in tables.items() if str(title) == STATUS)
    marks = [
        ["–" if cell.hidden else str(cell.count) for cell in cells] for _y, cells in grid["rows"]
    ]
    assert marks == [["6", "–", "–", "–", "14"]]
    assert ["–" if c.hidden else str(c.count) for c in grid["footer"]] == ["6", "–", "–", "–", "14"]
    row = '<th scope="row">2026</th><td class="num">6</td><td class="num">–</td>'
    assert row in html
    assert "A dash (–) marks a count that is not shown" in html
    shown_on_page = {
        (str(title), str(year), str(column), "–" if cell.hidden else str(cell.count))
        for title, grid in tables.items()
        for year, cells in [*grid["rows"], *([("Total", grid["footer"])] if grid["footer"] else [])]
        for column, cell in zip(grid["columns"], cells, strict=True)
    }
    assert shown_on_page == {tuple(row) for row in download(onac)[1:]}


@pytest.mark.django_db
def test_counts_below_the_threshold_are_hidden_and_others_shown(client_for, settings):
    settings.LIDHJA_PUBLICATION_THRESHOLD = 3
    for form, n in (("labour", 4), ("sexual", 3), ("organs", 1)):
        for _ in range(n):
            open_case_by_post(client_for("social_tirana"), exploitation=[form])
    response = client_for("onac").get(PAGE)
    assert response.status_code == 200
    tables = dict(response.context["tables"])
    exploitation = next(
        grid
        for title, grid in tables.items()
        if str(title) == "Cases by year and form of exploitation"
    )
    (_year, cells) = exploitation["rows"][0]
    by_column = dict(zip([str(c) for c in exploitation["columns"]], cells, strict=True))
    assert by_column["Forced labour or services"].count == 4
    assert by_column["Removal of organs"].hidden
    # 1 organ case and empty cells add up to less than 3: the smallest shown form goes too.
    assert by_column["Sexual exploitation"].hidden
    assert exploitation["footer"] is None
    assert "below 3" in response.content.decode()


@pytest.mark.django_db
def test_statistics_in_albanian_explain_the_hidden_counts(client_for, settings):
    settings.LANGUAGE_CODE = "sq"
    open_case_by_post(client_for("social_tirana"))
    response = client_for("onac").get(PAGE, HTTP_ACCEPT_LANGUAGE="sq")
    assert "Numërime vetëm" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_format_is_refused(client_for):
    response = client_for("onac").get(PAGE, {"format": "xlsx"})
    assert response.status_code == 400
    assert b"format" in response.content


@pytest.mark.django_db
def test_a_user_without_the_statistics_permission_gets_403(client_for):
    assert client_for("sysadmin").get(PAGE).status_code == 403
    assert client_for("sysadmin").get(PAGE, {"format": "csv"}).status_code == 403
