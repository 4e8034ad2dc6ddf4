"""Lists of obligations and reports: 50 rows a page, grouped by chapter or organisation, the
filters kept in the URL and in the pager's links, and an HTMX update that announces the new
count in a live region that stays on the page."""

import re

import pytest
from django.urls import reverse

from lidhja.monitoring.domain.lists import chapter_order
from lidhja.monitoring.models import Obligation
from lidhja.plans.models import Chapter

ROW = re.compile(r'href="/monitoring/obligations/(\d+)/"')
GROUP = re.compile(r'<th scope="rowgroup" colspan="5">([^<]+)')
LIVE = re.compile(
    r'<p id="list-count" role="status" aria-live="polite"( hx-swap-oob="true")?>([^<]*)</p>'
)


def _rows(response) -> list[int]:
    return [int(pk) for pk in ROW.findall(response.content.decode())]


def _count(response) -> tuple[bool, str]:
    found = LIVE.findall(response.content.decode())
    assert len(found) == 1, found
    oob, text = found[0]
    return bool(oob), text


def _in_plan_order(obligations):
    return list(
        obligations.alias(c=chapter_order())
        .order_by("c", "node__position", "role", "organisation__code")
        .values_list("pk", flat=True)
    )


@pytest.fixture
def period_2009q1(db):
    return Obligation.objects.filter(period__code="2009Q1")


def test_onac_sees_50_rows_a_page_grouped_by_chapter(client_for, period_2009q1):
    client = client_for("onac")
    url = reverse("monitoring:obligations", args=["2009Q1"])
    expected = _in_plan_order(period_2009q1)
    total = len(expected)
    assert total > 100  # several pages
    first = client.get(url)
    assert first.status_code == 200
    assert _rows(first) == expected[:50]
    assert _count(first) == (False, f"{total:,} reports owed")
    second = client.get(url, {"page": 2})
    assert _rows(second) == expected[50:100]
    # Each page opens with the heading of the group its first row belongs to.
    chapters = dict(Chapter.choices)
    first_chapter = Obligation.objects.get(pk=expected[50]).node.chapter
    assert GROUP.findall(second.content.decode())[0] == str(chapters[first_chapter])


def test_grouped_by_organisation_with_filters_kept_in_the_pager(client_for, period_2009q1):
    client = client_for("onac")
    url = reverse("monitoring:obligations", args=["2009Q1"])
    response = client.get(url, {"group": "organisation", "chapter": "protection"})
    chosen = period_2009q1.filter(node__chapter="protection").order_by(
        "organisation__code", "node__position", "role"
    )
    expected = list(chosen.values_list("pk", flat=True))
    assert _rows(response) == expected[:50]
    headings = GROUP.findall(response.content.decode())
    codes = list(dict.fromkeys(o.organisation.short_name for o in chosen[:50]))
    assert [h.strip() for h in headings] == codes
    assert "group=organisation&amp;chapter=protection&amp;page=2" in response.content.decode()
    assert _count(response) == (False, f"{len(expected):,} reports owed")


def test_htmx_update_swaps_the_list_and_announces_the_count(client_for, period_2009q1):
    client = client_for("onac")
    url = reverse("monitoring:obligations", args=["2009Q1"])
    response = client.get(url, {"organisation": "ASP"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and "<form" not in body
    asp = period_2009q1.filter(organisation__code="ASP")
    assert _count(response) == (True, f"{asp.count():,} reports owed")
    assert _rows(response) == _in_plan_order(asp)[:50]


def test_a_focal_point_pages_through_its_own_reports_only(client_for, period_2009q1):
    client = client_for("focal_moi")
    response = client.get(reverse("monitoring:obligations", args=["2009Q1"]))
    own = period_2009q1.filter(organisation__code="MOI")
    assert _rows(response) == _in_plan_order(own)[:50]
    assert _count(response) == (False, f"{own.count():,} reports owed")


def test_the_review_list_is_the_same_list_filtered(client_for, period_2009q1):
    client = client_for("onac")
    response = client.get(
        reverse("monitoring:obligations", args=["2009Q1"]), {"status": "submitted"}
    )
    assert _rows(response) == []
    assert _count(response) == (False, "0 reports owed")
    assert "No report is owed here." in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [{"group": "nonsense"}, {"status": "lost"}, {"chapter": "x" * 300}, {"organisation": "NOPE"}],
)
def test_a_bad_filter_answers_400_naming_it(client_for, query):
    client = client_for("onac")
    response = client.get(reverse("monitoring:obligations", args=["2009Q1"]), query)
    assert response.status_code == 400
    assert 'class="form-errors error-summary"' in response.content.decode()


def test_compliance_per_chapter_and_per_organisation(client_for, period_2009q1):
    client = client_for("onac")
    url = reverse("monitoring:compliance", args=["2009Q1"])
    response = client.get(url, {"group": "chapter"})
    assert response.status_code == 200
    body = response.content.decode()
    rows = re.findall(r"<tr><td>(.*?)</tr>", body, re.DOTALL)
    owed = [
        int(re.search(r'<td class="num">([\d,]+)</td>', row)[1].replace(",", "")) for row in rows
    ]
    expected = [period_2009q1.filter(node__chapter=c).count() for c in Chapter.values]
    assert owed == [n for n in expected if n]
    assert _count(response) == (False, f"{len([n for n in expected if n])} chapters")
    orgs = period_2009q1.values("organisation").distinct().count()
    partial = client.get(url, HTTP_HX_REQUEST="true")
    assert _count(partial) == (True, f"{orgs} organisations")
    assert client.get(url, {"group": "wrong"}).status_code == 400
