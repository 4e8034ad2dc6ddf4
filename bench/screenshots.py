"""`make screenshots`: the home page, the dashboard and a case page, full page, at 1366 and 390
px, in English and in Albanian, written as PNG files into the folder given (var/screenshots/).

A fresh data folder (a temporary directory) gets the demonstration data, gunicorn serves it on
loopback, and headless Chromium (Debian's) opens the pages with a signed-in session of the
demonstration user who reaches them: the ONAC analyst for the home page and the dashboard, a
municipal case worker for the home page and a case page. The same set-up as the page tests'
walk (tests/web/walk.py)."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lidhja.settings")

WIDTHS = (1366, 390)
LANGUAGES = ("en", "sq")
# (demo user, short name, page, URL name); "CASE" is the case worker's first case in the case list.
SHOTS = [
    ("demo.onac", "onac", "home", "core:home"),
    ("demo.onac", "onac", "dashboard", "monitoring:dashboard"),
    ("demo.social.tirana", "caseworker", "home", "core:home"),
    ("demo.social.tirana", "caseworker", "case", "CASE"),
]


def _first_case(page, url: str) -> str:
    """The path of the first case the case list links to."""
    page.goto(url + "/cases/")
    href = page.locator("main table a[href^='/cases/']").first.get_attribute("href")
    if not href:
        raise SystemExit("the case list links to no case")
    return href


def main(out: Path) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.urls import reverse
    from playwright.sync_api import sync_playwright
    from tests.e2e import CHROMIUM
    from tests.web.walk import serve

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lidhja-screenshots-") as data:
        server = serve(Path(data))
        site = next(server)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
                )
                for username, who, what, path in SHOTS:
                    for lang in LANGUAGES:
                        context = browser.new_context(locale="en-GB")
                        context.add_cookies(
                            [
                                {
                                    "name": settings.SESSION_COOKIE_NAME,
                                    "value": site.sessions[username],
                                    "url": site.url,
                                },
                                {
                                    "name": settings.LANGUAGE_COOKIE_NAME,
                                    "value": lang,
                                    "url": site.url,
                                },
                            ]
                        )
                        page = context.new_page()
                        target = _first_case(page, site.url) if path == "CASE" else reverse(path)
                        for width in WIDTHS:
                            page.set_viewport_size({"width": width, "height": 900})
                            page.goto(site.url + target, wait_until="load")
                            file = out / f"{who}-{what}-{lang}-{width}.png"
                            page.screenshot(path=str(file), full_page=True)
                            print(file)
                        context.close()
                browser.close()
        finally:
            server.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "var/screenshots").resolve())
