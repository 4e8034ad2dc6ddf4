"""The plan tree: a large plan opens at its aims and loads the rest on demand (HTMX, or a page
of its own without script); the whole tree is cached, and every write shows at once."""

import re
from datetime import date

import pytest
from django.urls import reverse

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.organisations.domain import services as organisations
from lidhja.organisations.models import Organisation
from lidhja.plans.domain import queries
from lidhja.plans.domain.services import set_node_timeline, translate_node
from lidhja.plans.models import PlanNode

TREE = reverse("plans:tree", args=["nap-2008-2010"])
SUBTREE = reverse("plans:subtree", args=["nap-2008-2010", "prosecution", "1"])


def _rows(html: str) -> list[str]:
    """The item numbers of the tree's rows, in order."""
    return re.findall(r'<li class="node[^"]*"><a class="code" href="[^"]*">([^<]+)</a>', html)


@pytest.fixture
def small_limit(monkeypatch):
    """The seed plan (282 items) behaves as a large plan."""
    monkeypatch.setattr(queries, "TREE_OPEN_LIMIT", 100)


def test_a_plan_within_the_limit_shows_every_item(client_for, seed_plan):
    html = client_for("onac").get(TREE).content.decode()
    assert len(_rows(html)) == 282
    assert 'class="expand"' not in html
    assert '<p class="result-count">282 items.</p>' in html


def test_a_large_plan_opens_at_its_aims(client_for, seed_plan, small_limit):
    html = client_for("onac").get(TREE).content.decode()
    assert _rows(html) == ["1", "1", "2", "3", "4", "1", "2", "3", "4", "1", "2", "3", "4"]
    assert '<p class="result-count">282 items.</p>' in html
    assert (
        f'<a class="expand" href="{SUBTREE}" hx-get="{SUBTREE}" hx-target="closest li" '
        'hx-swap="outerHTML" aria-expanded="false">Show the 64 items under it</a>' in html
    )


def test_the_items_under_an_aim_come_as_rows_with_htmx(client_for, seed_plan, small_limit):
    response = client_for("onac").get(SUBTREE, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "HX-Request" in [part.strip() for part in response["Vary"].split(",")]
    html = response.content.decode()
    rows = _rows(html)
    assert (len(rows), rows[:3], rows[-1]) == (65, ["1", "1.(a)", "1.(a).1"], "1.(i).3.2")
    assert "<html" not in html and 'class="expand"' not in html
    assert 'class="chapter"' not in html


def test_without_script_the_link_opens_a_page_of_the_items(client_for, seed_plan, small_limit):
    response = client_for("focal_asp").get(SUBTREE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>1 and the items under it</h1>" in html
    assert '<p class="result-count">65 items.</p>' in html
    assert len(_rows(html)) == 65
    assert f'<a href="{TREE}">Back to the whole plan</a>' in html


def test_filters_show_every_matching_row_of_a_large_plan(client_for, seed_plan, small_limit):
    html = client_for("onac").get(TREE, {"chapter": "prosecution"}).content.decode()
    assert len(_rows(html)) == 65
    assert 'class="expand"' not in html


def test_a_missing_item_has_no_subtree(client_for, seed_plan):
    url = reverse("plans:subtree", args=["nap-2008-2010", "prosecution", "9.(z)"])
    assert client_for("onac").get(url).status_code == 404


def _row_of(html: str, code: str) -> str:
    return next(line for line in html.split("</li>") if f'/prosecution/{code}/">{code}</a>' in line)


def test_every_write_shows_at_once_in_the_cached_tree(client_for, seed_plan):
    client = client_for("onac")
    first = client.get(TREE).content.decode()
    assert "1 December 2010" not in _row_of(first, "1.(a).2")
    node = PlanNode.objects.get(plan=seed_plan, chapter="prosecution", code="1.(a).2")
    node = set_node_timeline(
        node,
        due_start=None,
        due_end=date(2010, 12, 1),
        recurrence="",
        version=node.version,
        by=SYSTEM,
    )
    assert "→ 01.12.2010" in _row_of(client.get(TREE).content.decode(), "1.(a).2") or (
        "→ 1 Dec 2010" in _row_of(client.get(TREE).content.decode(), "1.(a).2")
    )
    client.cookies["lidhja_language"] = "sq"
    before = _row_of(client.get(TREE).content.decode(), "1.(a).2")
    assert 'lang="en"' in before
    translate_node(node, values={"text_sq": "Rritja e njohurive"}, version=node.version, by=SYSTEM)
    after = _row_of(client.get(TREE).content.decode(), "1.(a).2")
    assert '<span class="text">Rritja e njohurive</span>' in after
    police = Organisation.objects.get(code="PACAD")
    organisations.update_organisation(
        police, version=police.version, values={"name_sq": "Akademia e Rendit"}, by=SYSTEM
    )
    badge = _row_of(client.get(TREE).content.decode(), "1.(a).2")
    assert 'title="Akademia e Rendit">' in badge


def test_a_new_organisation_is_at_once_a_choice_of_the_cached_filter_form(client_for, seed_plan):
    client = client_for("onac")
    assert 'value="NEWORG"' not in client.get(TREE).content.decode()
    organisations.create_organisation(
        code="NEWORG",
        values={"name": "New shelter", "kind": "ngo", "level": "local"},
        by=SYSTEM,
    )
    assert (
        '<option value="NEWORG">NEWORG – New shelter</option>' in client.get(TREE).content.decode()
    )
