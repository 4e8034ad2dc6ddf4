"""One walk over every page of every role, shared by the page tests (tests/web/conftest.py).

The application is served once per test session by gunicorn with the demonstration data, and
each demonstration user gets a signed-in session (second factor passed). Headless Chromium then
walks, for each role, from its home page, the pages the permission matrix gives it
(tests/web/test_permissions.py) and the links of the pages it reaches. Each kind of page (URL
name) is loaded once, by the first role that reaches it, except the home page, which every role
loads; every role reads in Albanian, whose words run longer. On that one load the walk:

- runs axe-core (WCAG 2.2 AA tags) at 1366 px, and keeps the page's HTML and visible text;
- narrows the window to 390 px, measures `scrollWidth` (reflow) and runs axe again;
- narrows it to 320 px and measures `scrollWidth` again.

The same page in English is then fetched over HTTP (no browser) for the scan of dates and
numbers. The tests (test_reflow, test_axe, test_formats, test_albanian) read the record."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve, reverse

from tests.e2e import CHROMIUM, gunicorn, served_database_url

WIDE, PHONE, NARROW = 1366, 390, 320
# axe-core's rule tags for WCAG 2.0, 2.1 and 2.2, levels A and AA. No rule is disabled.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
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
# Files, fragments of other pages and the API are no pages to walk.
NOT_PAGES = ("export", "download", "file", "attachment", "chart", "template", "evidence", "csv")
NOT_PAGE_NAMES = {"accounts:logout", "set_language", "core:healthz"}
PAGES_PER_ROLE = 100  # a bound on the crawl; the application has fewer kinds of page
TRIES_PER_NAME = 3  # links of one kind that gave no page before the kind is given up

# The demonstration data, built once into a data folder that later runs copy (see `_data`).
DATA = """
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("setup", stdout=open("/dev/null", "w"))
call_command("demo_data", stdout=open("/dev/null", "w"))
call_command("monitoring", "open-period", "2009Q1", stdout=open("/dev/null", "w"))
"""
# Then, in each copy: the static files, a signed-in session per demo user, the pages no
# link reaches.
SESSIONS = """
import json
from django.core.management import call_command
call_command("collectstatic", interactive=False, verbosity=0)
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from lidhja.accounts.models import User
keys = {}
for user in User.objects.filter(username__startswith="demo."):
    device = TOTPDevice.objects.create(user=user, name="walk", confirmed=True)
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
from django.utils import timezone
from lidhja.accounts.domain.actors import SYSTEM
from lidhja.helpline.models import Call
from lidhja.monitoring.models import ReportingPeriod
from lidhja.publication.domain.periods import Period
from lidhja.publication.domain.services import publish
call = Call.objects.order_by("pk").first().reference
extra = {
    "helpline": [reverse(name, args=[call]) for name in ("helpline:call", "helpline:correct")],
    "onac": [reverse("publication:period", args=[str(publish(Period(2009, 1), by=SYSTEM).period)])],
}
latest = ReportingPeriod.objects.filter(start__lte=timezone.localdate()).latest("start").code
print(json.dumps({"sessions": keys, "extra": extra, "period": latest}))
"""
CACHE = Path(__file__).resolve().parents[2] / "var" / "test-walk"


@dataclass
class Site:
    url: str
    sessions: dict[str, str]  # demo username -> session key
    extra: dict[str, list[str]]  # persona -> pages no link reaches
    period: str  # the latest reporting period begun


@dataclass
class Page:
    persona: str
    path: str
    name: str  # URL name
    scroll: dict[int, int]  # width -> document scrollWidth
    axe: dict[int, list[str]]  # width -> "rule: target" of each violation
    html_sq: str
    html_en: str
    visible_sq: str  # the text nodes a reader sees, one a line, outside lang="en" elements

    def summary(self) -> dict:
        return {k: v for k, v in vars(self).items() if not k.startswith("html")}


@dataclass
class Walk:
    site: Site
    pages: list[Page] = field(default_factory=list)
    signin: Page | None = None

    def names(self) -> set[str]:
        return {page.name for page in self.pages}

    def save(self, path: str) -> None:
        """The record without the pages' HTML, as JSON."""
        pages = [self.signin, *self.pages] if self.signin else self.pages
        rows = [page.summary() for page in pages]
        Path(path).write_text(json.dumps(rows, indent=1, ensure_ascii=False))


def _manage(env: dict, script: str) -> str:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "lidhja.manage", "shell", "-c", script],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:  # synthetic demonstration data only: its errors may be shown whole
        raise RuntimeError(f"the demonstration site could not be built:\n{done.stderr[-4000:]}")
    return done.stdout


def _source_key() -> str:
    """Names the demonstration data a source tree builds on a day: a digest of the files of
    `src/lidhja` (code, migrations, seed data; not templates, static files or catalogues,
    which the data does not depend on) and today's date."""
    digest = hashlib.sha256(date.today().isoformat().encode())
    root = Path(__file__).resolve().parents[2] / "src" / "lidhja"
    for path in sorted(root.rglob("*")):
        skip = {"__pycache__", "templates", "static", "locale"} & set(path.relative_to(root).parts)
        if path.is_file() and not skip:
            digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _data(data_dir: Path, env: dict) -> None:
    """The demonstration data in `data_dir`. On SQLite it is built once per source tree and
    day into var/test-walk/ and copied from there (a copy takes a second; a build minutes)."""
    if "DATABASE_URL" in env:
        _manage(env, DATA)
        return
    template = CACHE / _source_key()
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE.parent / "test-walk.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time; the others wait and copy it
        if not (template / "lidhja.sqlite3").exists():
            for old in CACHE.iterdir():
                shutil.rmtree(old, ignore_errors=True)
            building = CACHE / f"building-{os.getpid()}"
            _manage({**env, "LIDHJA_DATA_DIR": str(building)}, DATA)
            building.rename(template)
        shutil.copytree(template, data_dir, dirs_exist_ok=True)


def serve(data_dir: Path):
    """The demonstration data in `data_dir`, served; a generator yielding the Site, which
    stops the server when closed."""
    # Sessions outlive a slow walk (a session otherwise ends 30 minutes after sign-in), and
    # documents are made within the request (no worker runs beside this server; the queue
    # and its worker have their own tests in tests/monitoring/test_stored_documents.py).
    env = {
        **os.environ,
        "LIDHJA_DATA_DIR": str(data_dir),
        "LIDHJA_SESSION_MINUTES": "600",
        "LIDHJA_TASKS": "immediate",
    }
    env.pop("DATABASE_URL", None)
    database = served_database_url("lidhja_walk_")
    if database:
        env["DATABASE_URL"] = database
    _data(data_dir, env)
    made = json.loads(_manage(env, SESSIONS).strip().splitlines()[-1])
    with gunicorn(env) as url:
        yield Site(url, made["sessions"], made["extra"], made["period"])


def page_name(path: str) -> str | None:
    """The URL name of a page worth walking, or None for files, the API and the like."""
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
    from tests.web.test_permissions import _urls

    matrix = [
        url
        for _name, url, allowed in _urls()
        if url.startswith("/") and persona in allowed and page_name(url.split("?")[0])
    ]
    return ["/", reverse("accounts:password_change"), *matrix, *extra.get(persona, [])]


def axe_script() -> str:
    """axe-core as pinned by axe-playwright-python (the package ships axe.min.js)."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


LINKS = """() => Array.from(document.querySelectorAll('main a[href], nav a[href]'))
    .map(a => a.getAttribute('href'))"""
SCROLL_WIDTH = "document.documentElement.scrollWidth"
AXE = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                            resultTypes: ['violations']});
    return result.violations.flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ')));
}"""
# The visible text nodes outside content marked as English (plan text without a translation),
# one a line, each with its white space collapsed.
VISIBLE = """() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement, text = node.data.replace(/\\s+/g, ' ').trim();
        if (!text || !parent || parent.closest('script, style, template, [lang="en"]')) continue;
        if (!parent.checkVisibility({visibilityProperty: true})) continue;
        out.push(text);
    }
    return out.join('\\n');
}"""


def _english(site: Site, session: str, path: str) -> str:
    from django.conf import settings

    cookie = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.LANGUAGE_COOKIE_NAME}=en"
    request = urllib.request.Request(site.url + path, headers={"Cookie": cookie})  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return response.read().decode()


def _load(page, site: Site, path: str) -> tuple[Page, list[str]] | None:
    """One load of a page, measured as the module says; None unless it is HTML answering 200."""
    from playwright.sync_api import Error

    page.set_viewport_size({"width": WIDE, "height": 800})
    try:
        response = page.goto(site.url + path, wait_until="domcontentloaded")
    except Error:  # a download starts: no page
        return None
    if response is None or response.status != 200:
        return None
    if not response.headers.get("content-type", "").startswith("text/html"):
        return None
    axe = {WIDE: page.evaluate(AXE, AXE_TAGS)}
    html, visible, links = page.content(), page.evaluate(VISIBLE), page.evaluate(LINKS)
    scroll = {}
    page.set_viewport_size({"width": PHONE, "height": 800})
    scroll[PHONE] = page.evaluate(SCROLL_WIDTH)
    axe[PHONE] = page.evaluate(AXE, AXE_TAGS)
    page.set_viewport_size({"width": NARROW, "height": 800})
    scroll[NARROW] = page.evaluate(SCROLL_WIDTH)
    final = urlsplit(response.url)  # after a redirect (a role's own home page)
    path = final.path + (f"?{final.query}" if final.query else "")
    name = page_name(final.path) or ""
    return Page("", path, name, scroll, axe, html, "", visible), links


def _crawl(page, site: Site, persona: str, session: str, seen: set[str]) -> list[Page]:
    """Loads each kind of page not in `seen` once (the home page always)."""
    queue, visited, tried, pages = deque(_seeds(persona, site.extra)), set(), set(), []
    failed: dict[str, int] = {}  # URL name -> loads that gave no page (refused, a file)
    while queue and len(visited) < PAGES_PER_ROLE:
        path = queue.popleft()
        name = page_name(urlsplit(path).path)
        if not name or name in visited or path in tried or (name in seen and path != "/"):
            continue
        if failed.get(name, 0) >= TRIES_PER_NAME:
            continue
        tried.add(path)
        loaded = _load(page, site, path)
        if loaded is None:
            failed[name] = failed.get(name, 0) + 1
            continue
        record, links = loaded
        if record.name in seen | visited and path != "/":  # reached by a redirect
            continue
        record.persona = persona
        record.html_en = _english(site, session, path)
        pages.append(record)
        visited.add(record.name)
        if report := os.environ.get("LIDHJA_WALK_REPORT"):  # for a developer: as it goes
            with open(report + ".log", "a") as log:
                log.write(json.dumps(record.summary(), ensure_ascii=False) + "\n")
        visited.add(name)
        for href in links:
            target = urlsplit(urljoin(site.url + record.path, href))
            if f"{target.scheme}://{target.netloc}" == site.url and target.path not in tried:
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    seen |= visited
    return pages


def walk(site: Site) -> Walk:
    from django.conf import settings
    from playwright.sync_api import sync_playwright

    record, seen = Walk(site), set()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        script = axe_script()
        anonymous = browser.new_context(locale="en-GB")
        anonymous.add_init_script(script)
        loaded = _load(anonymous.new_page(), site, reverse("accounts:login"))
        record.signin = loaded[0] if loaded else None
        anonymous.close()
        for persona, username in DEMO_USERS.items():
            # One browser context per role, signed in by its session cookie.
            context = browser.new_context(locale="en-GB")
            context.add_init_script(script)
            session = site.sessions[username]
            context.add_cookies(
                [
                    {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site.url},
                    {"name": settings.LANGUAGE_COOKIE_NAME, "value": "sq", "url": site.url},
                ]
            )
            record.pages += _crawl(context.new_page(), site, persona, session, seen)
            context.close()
        browser.close()
    return record


def get(site: Site, username: str, path: str, lang: str) -> bytes:
    """A download over HTTP as a demo user, in a language."""
    from django.conf import settings

    cookie = f"{settings.SESSION_COOKIE_NAME}={site.sessions[username]}"
    cookie += f"; {settings.LANGUAGE_COOKIE_NAME}={lang}"
    request = urllib.request.Request(site.url + path, headers={"Cookie": cookie})  # noqa: S310
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
        return response.read()
