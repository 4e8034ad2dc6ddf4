"""`/healthz`: 200 when the database takes a write, the static files are in place and the
keyring opens sealed data; 503 naming the failed check, in general words, otherwise."""

import shutil
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from lidhja.cases.domain import crypto
from tests.cases.helpers import open_case_by_post

MANIFEST_STORAGE = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"


def _health(client) -> tuple[int, str]:
    response = client.get(reverse("core:healthz"))
    assert "no-store" in response["Cache-Control"]
    return response.status_code, response.content.decode()


@contextmanager
def _read_only_database():
    """The database refuses writes for as long as the block runs (the test's transaction on
    PostgreSQL, the connection on SQLite)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
            try:
                yield
            finally:
                cursor.execute("PRAGMA query_only = OFF")
        else:
            cursor.execute("SET LOCAL transaction_read_only = on")
            yield  # the test's transaction ends, read-only, with the test


@pytest.mark.django_db
def test_healthy_without_signing_in(client):
    assert _health(client) == (200, "ok")


@pytest.mark.django_db
def test_healthy_with_a_sealed_person(client, client_for):
    open_case_by_post(client_for("social_tirana"))
    client.logout()
    assert _health(client) == (200, "ok")


@pytest.mark.django_db
def test_a_database_that_takes_no_write_is_unhealthy(client):
    with _read_only_database():
        assert _health(client) == (503, "database: cannot be written")


@pytest.mark.django_db
def test_missing_static_files_are_unhealthy(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    assert _health(client) == (503, "static files: missing")  # never collected

    call_command("collectstatic", interactive=False, verbosity=0)
    assert _health(client) == (200, "ok")

    hashed = next((tmp_path / "static" / "lidhja").glob("lidhja.*.css"))
    hashed.unlink()
    assert _health(client) == (503, "static files: missing")

    shutil.copy(tmp_path / "static" / "lidhja" / "lidhja.css", hashed)
    assert _health(client) == (200, "ok")
    (tmp_path / "static" / "staticfiles.json").unlink()
    assert _health(client) == (503, "static files: missing")


@pytest.mark.django_db
def test_a_keyring_that_does_not_open_the_persons_is_unhealthy(client, client_for, settings):
    open_case_by_post(client_for("social_tirana"))
    client.logout()
    settings.LIDHJA_CASE_KEYRING = crypto.Keyring.generate().dumps()
    assert _health(client) == (503, "keyring: cannot open sealed data")


@pytest.mark.django_db
def test_no_keyring_at_all_is_unhealthy(client, settings, tmp_path):
    settings.LIDHJA_CASE_KEYRING = ""
    settings.LIDHJA_CASE_KEYRING_FILE = tmp_path / "missing" / "case-keyring.json"
    assert _health(client) == (503, "keyring: cannot open sealed data")


@pytest.mark.django_db
def test_every_failed_check_is_named(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    settings.LIDHJA_CASE_KEYRING = ""
    settings.LIDHJA_CASE_KEYRING_FILE = tmp_path / "missing" / "case-keyring.json"
    with _read_only_database():
        assert _health(client) == (
            503,
            "database: cannot be written\nstatic files: missing\nkeyring: cannot open sealed data",
        )
