"""The application served for end-to-end tests in Debian's Chromium: one server for the
whole test session (the browser tests carry `xdist_group("e2e")`, so one worker starts it),
a fresh browser page per test, and signing in as a seeded user. Registered as a plugin by
tests/conftest.py."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

APPROVE_SOCIAL_WORKER = (
    "from lidhja.accounts.domain.approval import approve_user\n"
    "from lidhja.accounts.models import User\n"
    "approve_user(User.objects.get(username='sw.tirana'), by=User.objects.get(username='admin'))"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def served_database_url(prefix: str) -> str | None:
    """On PostgreSQL runs, an empty database of its own for a served application (named
    `prefix` and the xdist worker); None on SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return None
    import psycopg

    base, _, _name = url.rpartition("/")
    name = prefix + os.environ.get("PYTEST_XDIST_WORKER", "main")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The application as `make run` serves it: migrated, seeded, under gunicorn."""
    env = {
        **os.environ,
        "LIDHJA_DATA_DIR": str(tmp_path_factory.mktemp("e2e")),
        "LIDHJA_PASSWORD": PASSWORD,
    }
    env.pop("DATABASE_URL", None)
    e2e_url = served_database_url("lidhja_e2e_")
    if e2e_url:
        env["DATABASE_URL"] = e2e_url
    # One process runs every step (a process each would start Django nine times).
    steps = "\n".join(
        f"call_command(*{command!r})"
        for command in (
            ["migrate", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
            ["setup"],
            ["user", "add", "asp.focal", "--org", "ASP", "--role", "focal_point"],
            ["user", "add", "onac.analyst", "--org", "ONAC", "--role", "onac_analyst"],
            # A case role waits for a second administrator's approval, then gets its password.
            ["user", "add", "sw.tirana", "--org", "MUN-TR", "--role", "social_worker"],
        )
    )
    script = (
        f"from django.core.management import call_command\n{steps}\n{APPROVE_SOCIAL_WORKER}\n"
        "call_command('user', 'set-password', 'sw.tirana')\n"
        "call_command('monitoring', 'open-period', '2009Q1')\n"
    )
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "lidhja.manage", "shell", "-c", script],
        env=env,
        check=True,
        capture_output=True,
    )
    with gunicorn(env) as url:
        yield url


@contextmanager
def gunicorn(env: dict) -> Iterator[str]:
    """The application served by gunicorn (two workers) with `env`, on a free local port;
    yields its address and stops it afterwards (killed if a worker is still busy after 30 s)."""
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "lidhja.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{url}/healthz")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a worker still busy with a slow page
            process.kill()
            process.wait()


def _wait_until_up(url: str) -> None:
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the application did not start")


@pytest.fixture
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(locale="en-GB")
        page = context.new_page()
        errors = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.errors = errors
        yield page
        context.close()
        browser.close()


def _sign_in(page, live: str, username: str) -> None:
    page.goto(f"{live}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/accounts/second-factor/enrol/" in page.url:
        _enrol_second_factor(page)
    page.wait_for_url(f"{live}/")


def _enrol_second_factor(page) -> None:
    """First sign-in of a case role: scan (here: read) the key, confirm with the app's code,
    and leave the recovery codes page."""
    from base64 import b32decode

    from django_otp.oath import TOTP

    assert page.locator("figure.qr-code svg[role=img]").count() == 1
    key = page.locator(".otp-secret").inner_text().replace(" ", "")
    secret = b32decode(key + "=" * (-len(key) % 8))
    page.get_by_label("Code from the app").fill(f"{TOTP(secret).token():06d}")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Your recovery codes"
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="Continue").click()
