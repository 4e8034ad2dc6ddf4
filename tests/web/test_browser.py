"""End to end in Debian's Chromium: sign in, switch to Albanian, open an activity."""

import os

import pytest

from tests.conftest import PASSWORD
from tests.e2e import CHROMIUM, _sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("e2e"),
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
        reason="Debian's chromium is not installed (make test installs it)",
    ),
]


def test_sign_in_switch_to_albanian_and_open_an_activity(page, server):
    live = server
    page.goto(f"{live}/")
    assert page.url.startswith(f"{live}/accounts/login/")
    page.get_by_label("User name").fill("focal.nobody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    assert (
        page.get_by_role("alert").inner_text().strip()
        == "The user name or password is not correct."
    )

    page.get_by_label("User name").fill("asp.focal")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Lidhja"

    page.get_by_label("Language").select_option("sq")
    page.get_by_role("button", name="Switch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "sq"
    assert page.get_by_role("button", name="Dil").is_visible()

    page.get_by_role("link", name="Strategjia Kombëtare", exact=False).first.click()
    page.wait_for_url("**/plans/nap-2008-2010/")
    page.get_by_role("link", name="1.(a).1", exact=True).first.click()
    page.wait_for_url("**/plans/nap-2008-2010/prosecution/1.(a).1/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("1.(a).1")
    body = page.locator("main").inner_text()
    assert "Mid 2010" in body and "ICITAP" in body
    assert page.errors == []


def test_tree_filter_updates_in_place_and_keyboard_reaches_the_controls(page, server):
    from playwright.sync_api import expect

    live = server
    page.goto(f"{live}/accounts/login/")
    page.get_by_label("User name").fill("onac.analyst")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live}/")
    page.goto(f"{live}/plans/nap-2008-2010/")
    page.get_by_label("Chapter").select_option("coordination")
    expect(page.locator(".plan-tree h2")).to_have_text(["Coordination"])
    assert "chapter=coordination" in page.url
    # The skip link is the first thing the keyboard reaches, and it moves focus to main.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.errors == []


def test_focal_point_reports_and_onac_accepts(page, server):
    """The quarterly cycle in the browser: draft, submit, review, and the dashboard."""
    from playwright.sync_api import expect

    live = server
    _sign_in(page, live, "asp.focal")
    page.get_by_role("link", name="Monitoring").click()
    page.get_by_role("link", name="2009Q1").click()
    page.get_by_role("link", name="Prosecution and criminal justice 1.(a).1", exact=True).click()
    page.get_by_label("Implementation status").select_option("on_track")
    page.get_by_label("Progress narrative").fill("Quarterly intelligence report drafted.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_contain_text("Report saved as a draft.")
    page.get_by_role("button", name="Submit to ONAC").click()
    expect(page.get_by_role("status")).to_contain_text("Report submitted to ONAC.")
    report_url = page.url
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, live, "onac.analyst")
    page.goto(report_url)
    page.get_by_label("Accept").check()
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("status")).to_contain_text("Review recorded.")
    expect(page.locator(".status-accepted").first).to_have_text("Accepted")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dashboard")
    expect(page.locator("main")).to_contain_text("Reports to review")
    page.get_by_role("link", name="Mid-term progress report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mid-term progress report")
    chart = page.locator("figure.chart img").first
    expect(chart).to_have_attribute("alt", "Activities by implementation status")
    page.wait_for_load_state("load")  # the load event waits for the chart images
    expect(chart).to_have_js_property("complete", True)
    assert page.evaluate("document.querySelector('figure.chart img').naturalWidth") > 0
    assert page.errors == []


def test_social_worker_opens_a_case_and_reveals_the_person_on_request(page, server):
    """A case opened through the form; the person's data appear only when asked for (HTMX,
    under the strict CSP), and the case list knows the case by its code alone."""
    from playwright.sync_api import expect

    live = server
    _sign_in(page, live, "sw.tirana")
    page.get_by_role("link", name="Cases", exact=True).click()
    page.get_by_role("link", name="Open a case").click()
    page.get_by_label("Given name").fill("Synthetica")
    page.get_by_label("Family name").fill("Browserperson")
    page.get_by_label("Date of first contact").fill("2026-03-02")
    page.get_by_label("Identification source").select_option("social_services")
    page.get_by_label("Forced begging").check()
    page.get_by_label("Grounds for opening the case").fill("Referred by the school.")
    page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_role("status")).to_contain_text("opened.")
    code = page.get_by_role("heading", level=1).inner_text().split()[-1]
    assert code.startswith("C-")
    expect(page.locator("#person-panel")).not_to_contain_text("Synthetica")
    page.get_by_role("link", name="Show personal data").click()
    expect(page.locator("#person-panel")).to_contain_text("Synthetica")
    assert page.url.endswith(f"/cases/{code}/")  # swapped in place, no navigation
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cases").click()
    expect(page.get_by_role("link", name=code)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Synthetica")
    assert page.errors == []


def test_an_error_summary_takes_focus_and_its_links_reach_the_fields(page, server):
    """Forms that guide: the summary at the top of a refused form is focused on load (static
    script, strict CSP), and following one of its links puts the cursor in that field."""
    from playwright.sync_api import expect

    live = server
    _sign_in(page, live, "onac.analyst")
    page.goto(f"{live}/evaluation/")
    section = page.locator("section", has=page.get_by_role("heading", name="Record an evaluation"))
    assert section.get_by_label("Rating").input_value() == ""
    section.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    summary.get_by_role("link", name="Rating: This field is required.").click()
    expect(page.locator("#id_rating")).to_be_focused()
    refused = "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    assert page.errors == [refused]  # the refused form itself, nothing else


def test_on_a_phone_the_menu_folds_behind_a_button_and_stays_open_without_script(page, server):
    """At 390 px the main navigation hides behind "Menu" (aria-expanded follows it, Escape
    closes it and gives the focus back); with script off the navigation is simply shown.
    A table's scrolling box is named after the heading above it ("Table" without script)."""
    from playwright.sync_api import expect

    live = server
    _sign_in(page, live, "asp.focal")
    page.set_viewport_size({"width": 390, "height": 800})
    menu = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Main")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_have_attribute("aria-controls", "site-menu")
    expect(nav).to_be_hidden()
    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    nav.get_by_role("link", name="Plans").focus()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    assert page.evaluate("document.activeElement.className") == "menu-toggle"
    # The plans table scrolls in its own box, named after the heading above it.
    box = page.locator(".table-scroll").first
    expect(box).to_have_attribute("aria-label", "Plans")
    expect(box).to_have_attribute("tabindex", "0")
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(menu).to_be_hidden()
    expect(nav).to_be_visible()

    without_script = page.context.browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 800}
    )
    without_script.add_cookies(page.context.cookies())
    plain = without_script.new_page()
    plain.goto(f"{live}/plans/")
    expect(
        plain.get_by_role("navigation", name="Main").get_by_role("link", name="Plans")
    ).to_be_visible()
    assert plain.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(plain.get_by_role("region", name="Table")).to_have_attribute("tabindex", "0")
    without_script.close()
    assert page.errors == []
