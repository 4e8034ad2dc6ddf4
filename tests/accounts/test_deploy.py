"""Behind a TLS proxy (LIDHJA_HTTPS=true): `check --deploy` is clean, HTTP is redirected, HSTS
is sent; and the sign-in lock-out never locks out another user sharing the address."""

import os
import secrets
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

LOGIN = reverse("accounts:login")


def _settings_env(tmp_path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "LIDHJA_DATA_DIR": str(tmp_path),
        "LIDHJA_HTTPS": "true",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "lidhja.example.org",
        **extra,
    }
    env.pop("DATABASE_URL", None)
    return env


def _lidhja(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [sys.executable, "-m", "lidhja.manage", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_behind_the_proxy(tmp_path):
    result = _lidhja(_settings_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.strip() == "System check identified no issues (1 silenced)."


def test_the_proxy_settings_come_from_the_environment(tmp_path):
    script = (
        "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.AXES_CLIENT_IP_CALLABLE)"
    )
    env = _settings_env(tmp_path, LIDHJA_HSTS_SECONDS="600")
    result = _lidhja(env, "shell", "--no-imports", "-c", script)
    assert result.stdout.strip() == (
        "('HTTP_X_FORWARDED_PROTO', 'https') True 600 True False True True "
        "lidhja.accounts.interfaces.addresses.client_address"
    )
    too_long = _lidhja(_settings_env(tmp_path, LIDHJA_API_TOKEN_DAYS="100"), "check", "--deploy")
    assert too_long.returncode == 1
    assert "LIDHJA_API_TOKEN_DAYS must not exceed LIDHJA_API_TOKEN_MAX_DAYS" in too_long.stderr


@pytest.mark.django_db
def test_plain_http_is_redirected_and_https_gets_hsts(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client = Client()
    response = client.get(LOGIN)
    assert (response.status_code, response["Location"]) == (301, f"https://testserver{LOGIN}")
    response = client.get(LOGIN, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def _fail(client, username: str, **headers) -> int:
    return client.post(LOGIN, {"username": username, "password": "wrong"}, **headers).status_code


@pytest.mark.django_db
def test_failures_of_one_user_do_not_lock_out_another_from_the_same_address(settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR="192.0.2.10")
    assert [_fail(client, "ra.officer") for _ in range(3)] == [200, 200, 429]
    other = Client(REMOTE_ADDR="192.0.2.10")
    response = other.post(LOGIN, {"username": "police.border", "password": PASSWORD})
    assert response.status_code == 302
    # The locked-out user stays locked out from that address, right password or not.
    response = client.post(LOGIN, {"username": "ra.officer", "password": PASSWORD})
    assert response.status_code == 429


@pytest.mark.django_db
def test_behind_the_proxy_the_lock_out_holds_the_client_address(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_CLIENT_IP_CALLABLE = "lidhja.accounts.interfaces.addresses.client_address"
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    # What the client writes in the header itself (the first entry) does not help it.
    attacker = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5")
    assert [_fail(attacker, "ra.officer") for _ in range(2)] == [200, 200]
    attacker = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.2, 203.0.113.5")
    assert _fail(attacker, "ra.officer") == 429
    colleague = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    response = colleague.post(LOGIN, {"username": "ra.officer", "password": PASSWORD})
    assert response.status_code == 302
