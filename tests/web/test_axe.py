"""Accessibility: axe-core finds no violation of WCAG 2.2 AA on any page of any role, at 1366
px and at 390 px.

Read from the shared walk (tests/web/walk.py): axe runs with the tags wcag2a, wcag2aa,
wcag21a, wcag21aa and wcag22aa, every rule of those tags enabled, on each kind of page each
role reaches (in Albanian) and on the sign-in page. axe-core is the copy pinned by
axe-playwright-python (constraints.txt), injected by Playwright, so nothing comes from a CDN and
the strict CSP stays on."""

import pytest

from tests.web.test_reflow import MUST_VISIT
from tests.web.walk import AXE_TAGS, PHONE, WIDE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("walk")]


def test_axe_runs_every_rule_of_wcag_22_aa():
    assert AXE_TAGS == ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def test_no_axe_violation_on_any_page_at_either_width(site_walk):
    pages = [site_walk.signin, *site_walk.pages]
    assert MUST_VISIT - site_walk.names() == set()  # the walk reached the application's pages
    violations = {
        f"{page.persona or 'anonymous'} {page.path} {width}px": found
        for page in pages
        for width, found in page.axe.items()
        if found
    }
    assert violations == {}
    assert {width for page in pages for width in page.axe} == {WIDE, PHONE}
