"""Reflow (WCAG 1.4.10): no page scrolls sideways on a phone, 390 px or 320 px wide.

Read from the shared walk (tests/web/walk.py): every kind of page each role reaches, loaded
once in Albanian, whose words run longer, and narrowed from 1366 px to 390 px and 320 px."""

import json

import pytest

from tests.web.walk import NARROW, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("walk")]

# Kinds of page the demonstration data must let the walk reach, so the test cannot pass by
# visiting nothing.
MUST_VISIT = {
    "core:home",
    "accounts:password_change",
    "helpline:call",
    "publication:period",
    "monitoring:dashboard",
    "cases:list",
    "cases:detail",
    "coordination:body",
    "coordination:decisions",
    "trainings:events",
    "helpline:calls",
}


def test_no_page_of_any_role_scrolls_sideways_on_a_phone(site_walk):
    visited: dict[str, list[str]] = {}
    for page in site_walk.pages:
        visited.setdefault(page.persona, []).append(page.name)
    print(json.dumps(visited, indent=1))  # the pages covered, for the record (pytest -s)
    overflowing = [
        (page.path, width, scroll)
        for page in site_walk.pages
        for width, scroll in page.scroll.items()
        if scroll > width
    ]
    assert MUST_VISIT - site_walk.names() == set()
    assert overflowing == []
    assert site_walk.signin is not None
    assert site_walk.signin.scroll == {PHONE: PHONE, NARROW: NARROW}
