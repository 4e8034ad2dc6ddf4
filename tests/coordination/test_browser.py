"""A meeting recorded in the browser, and the calendar filtered in place (HTMX under the
strict CSP: no console error)."""

import pytest

from tests.e2e import CHROMIUM, _sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("e2e"),
    pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed"),
]


def test_onac_records_a_task_force_meeting_and_filters_the_calendar(page, server):
    from playwright.sync_api import expect

    live = server
    _sign_in(page, live, "onac.analyst")
    page.get_by_role("link", name="Bodies and meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordination bodies")
    page.get_by_role("link", name="NTF", exact=True).click()
    expect(page.locator("main")).to_contain_text("Meeting overdue: none held yet.")
    form = page.locator("form", has=page.get_by_role("button", name="Save")).first
    form.get_by_label("Date").fill("2009-02-20")
    form.get_by_label("Place").fill("Tirana")
    form.get_by_label("Status").select_option("held")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Meeting recorded.")
    page.get_by_label("ASP – Albanian State Police").select_option("present")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("status")).to_contain_text("Attendance saved.")

    page.goto(f"{live}/coordination/calendar/")
    expect(page.locator("#calendar")).to_contain_text("NTF")
    page.get_by_label("Qark").select_option("tirane")
    expect(page.locator("#calendar")).to_have_text("No meeting.")
    assert "qark=tirane" in page.url
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Overdue meetings")).to_be_visible()
    assert page.errors == []
