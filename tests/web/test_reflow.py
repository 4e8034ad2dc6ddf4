"""Reflow (WCAG 1.4.10): no page scrolls sideways on a phone, 390 px or 320 px wide.

One served application with the demonstration data, one browser session per role. Each role
starts from its home page and the pages the permission matrix gives it
(tests/web/test_permissions.py), and follows the links of the pages it reaches, so detail
pages (a case, a body, a meeting, a training) are visited too. Each kind of page (URL name) is
visited once, by the first role that reaches it, except the home page, which every role sees;
a page is loaded at 390 px and then narrowed to 320 px. Every other role (ONAC first) reads in
Albanian."""

import json
import os
import subprocess
import sys
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from tests.web.test_browser import CHROMIUM, _free_port, _wait_until_up
from tests.web.test_permissions import _urls

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
        reason="Debian's chromium is not installed (make test installs it)",
    ),
]

WIDTHS = (390, 320)
# The matrix's personas and the demonstration users of the same role and organisation.
DEMO_USERS = {
    "onac": "demo.onac",
    "focal_asp": "demo.focal",
    "ra": "demo.ra",
    "social_tirana": "demo.social.tirana",
    "social_shkoder": "demo.social.shkoder",
    "police": "demo.police",
    "shelter": "demo.shelter",
    "rcat": "demo.rcat.tirana",
    "prosecutor": "demo.prosecutor",
    "investigator": "demo.investigator",
    "court_clerk": "demo.court.clerk",
    "observer": "demo.observer",
    "sysadmin": "demo.sysadmin",
    "helpline": "demo.helpline",
    "secretary": "demo.secretary",
}
# Files, fragments of other pages and the API are no pages to reflow.
NOT_PAGES = ("export", "download", "file", "attachment", "chart", "template", "evidence", "csv")
NOT_PAGE_NAMES = {"accounts:logout", "set_language", "core:healthz"}
PAGES_PER_ROLE = 100  # a bound on the crawl; the application has fewer kinds of page
# Kinds of page the demonstration data must let the crawl reach, so the test cannot pass by
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

SESSIONS = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from lidhja.accounts.models import User
keys = {}
for user in User.objects.filter(username__startswith="demo."):
    device = TOTPDevice.objects.create(user=user, name="reflow", confirmed=True)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    keys[user.username] = session.session_key
# Pages no list links to in the demonstration data: a helpline call (the call log shows today's
# calls) and a published period of the statistics.
from django.urls import reverse
from lidhja.accounts.domain.actors import SYSTEM
from lidhja.helpline.models import Call
from lidhja.publication.domain.periods import Period
from lidhja.publication.domain.services import publish
call = Call.objects.order_by("pk").first().reference
extra = {
    "helpline": [reverse(name, args=[call]) for name in ("helpline:call", "helpline:correct")],
    "onac": [reverse("publication:period", args=[str(publish(Period(2009, 1), by=SYSTEM).period)])],
}
print(json.dumps({"sessions": keys, "extra": extra}))
"""


def _database_url() -> str | None:
    """On PostgreSQL runs, a database of its own for the served application."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return None
    import psycopg

    base, _, _name = url.rpartition("/")
    name = "lidhja_reflow_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The application with the demonstration data under gunicorn, and a signed-in session
    (second factor passed) for each demonstration user."""
    env = {**os.environ, "LIDHJA_DATA_DIR": str(tmp_path_factory.mktemp("reflow"))}
    env.pop("DATABASE_URL", None)
    database = _database_url()
    if database:
        env["DATABASE_URL"] = database
    lidhja = [sys.executable, "-m", "lidhja.manage"]
    for command in (
        ["migrate", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["setup"],
        ["demo-data"],
        ["monitoring", "open-period", "2009Q1"],
    ):
        subprocess.run([*lidhja, *command], env=env, check=True, capture_output=True)  # noqa: S603
    made = subprocess.run(  # noqa: S603
        [*lidhja, "shell", "-c", SESSIONS], env=env, check=True, capture_output=True, text=True
    )
    made = json.loads(made.stdout.strip().splitlines()[-1])
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "lidhja.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{url}/healthz")
        yield url, made["sessions"], made["extra"]
    finally:
        process.terminate()
        process.wait(timeout=10)


def _page_name(path: str) -> str | None:
    """The URL name of a page worth reflowing, or None for files, the API and the like."""
    if path.startswith(("/api/", "/static/")):
        return None
    try:
        name = resolve(path).view_name
    except Resolver404:
        return None
    if name in NOT_PAGE_NAMES or any(word in name for word in NOT_PAGES):
        return None
    return name


def _seeds(persona: str, extra: dict) -> list[str]:
    """The home page, the matrix's pages of the persona and the extra pages made for it."""
    matrix = [
        url
        for _name, url, allowed in _urls()
        if url.startswith("/") and persona in allowed and _page_name(url.split("?")[0])
    ]
    return ["/", reverse("accounts:password_change"), *matrix, *extra.get(persona, [])]


LINKS = """() => Array.from(document.querySelectorAll('main a[href], nav a[href]'))
    .map(a => a.getAttribute('href'))"""
SCROLL_WIDTH = "document.documentElement.scrollWidth"


def _visit(page, live: str, path: str) -> tuple[dict, list] | None:
    """The page's scrollWidth at each width and its links, or None if it is no HTML page
    that answers 200. Loaded once at the widest width, then narrowed (the page reflows)."""
    from playwright.sync_api import Error

    page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    try:
        response = page.goto(live + path, wait_until="domcontentloaded")
    except Error:  # a download starts: no page
        return None
    if response is None or response.status != 200:
        return None
    if not response.headers.get("content-type", "").startswith("text/html"):
        return None
    widths = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        widths[width] = page.evaluate(SCROLL_WIDTH)
    return widths, page.evaluate(LINKS)


def _crawl(page, live: str, seeds: list[str], seen: set[str], overflowing: list) -> set[str]:
    """Visits each kind of page not in `seen` once (the home page always); returns the URL
    names visited. `overflowing` gets (path, width, scrollWidth) of each page too wide."""
    queue, visited, tried = deque(seeds), set(), set()
    while queue and len(visited) < PAGES_PER_ROLE:
        path = queue.popleft()
        name = _page_name(urlsplit(path).path)
        if not name or name in visited or path in tried or (name in seen and path != "/"):
            continue
        tried.add(path)
        result = _visit(page, live, path)
        if result is None:
            continue
        widths, links = result
        visited.add(name)
        overflowing += [(path, w, scroll) for w, scroll in widths.items() if scroll > w]
        for href in links:
            target = urlsplit(urljoin(live + path, href))
            if f"{target.scheme}://{target.netloc}" == live and target.path not in tried:
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    seen |= visited
    return visited


def test_no_page_of_any_role_scrolls_sideways_on_a_phone(demo):
    from django.conf import settings
    from playwright.sync_api import sync_playwright

    live, sessions, extra = demo
    overflowing, visited, seen = {}, {}, set()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        anonymous = browser.new_page(viewport={"width": WIDTHS[0], "height": 800})
        signin = _visit(anonymous, live, reverse("accounts:login"))
        anonymous.close()
        for number, (persona, username) in enumerate(DEMO_USERS.items()):
            # Every other role reads in Albanian, whose words run longer.
            language = ("sq", "en")[number % 2]
            context = browser.new_context(locale="en-GB")
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": sessions[username],
                        "url": live,
                    },
                    {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live},
                ]
            )
            page = context.new_page()
            found: list = []
            visited[persona] = _crawl(page, live, _seeds(persona, extra), seen, found)
            if found:
                overflowing[persona] = found
            context.close()
        browser.close()
    report = {persona: sorted(names) for persona, names in visited.items()}
    print(json.dumps(report, indent=1))  # the pages covered, for the record (pytest -s)
    assert MUST_VISIT - set().union(*visited.values()) == set()
    assert overflowing == {}
    assert signin is not None
    assert signin[0] == {390: 390, 320: 320}
