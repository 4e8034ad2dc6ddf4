"""Shared fixtures: the seed organisations and plan loaded once per test database, and named
personas, one per role and organisation (STYLE.md, "Tests")."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.management import call_command
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from lidhja.accounts.domain import second_factor
from lidhja.accounts.models import Role, User
from lidhja.cases.domain.crypto import Keyring
from lidhja.organisations.models import Organisation

PASSWORD = "synthetic-Test-passw0rd"

# A keyring for the test run only, never one of a real installation.
TEST_KEYRING = Keyring.generate().dumps()
settings.LIDHJA_CASE_KEYRING = TEST_KEYRING
# Background tasks run at once, inside the request or call that enqueues them (one test runs
# the database backend and its worker: tests/monitoring/test_stored_documents.py).
settings.TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
}


@dataclass(frozen=True)
class Persona:
    username: str
    org: str
    role: Role


PERSONAS = {
    "onac": Persona("onac.analyst", "ONAC", Role.ONAC_ANALYST),
    "focal_asp": Persona("asp.focal", "ASP", Role.FOCAL_POINT),
    "focal_moi": Persona("moi.focal", "MOI", Role.FOCAL_POINT),
    "ra": Persona("ra.officer", "RA", Role.RA_OFFICER),
    "social_tirana": Persona("sw.tirana", "MUN-TR", Role.SOCIAL_WORKER),
    "social_shkoder": Persona("sw.shkoder", "MUN-SH", Role.SOCIAL_WORKER),
    "police": Persona("police.border", "BMP", Role.POLICE),
    "shelter": Persona("shelter.worker", "DEQ", Role.SERVICE_PROVIDER),
    "rcat": Persona("rcat.tirana", "RCAT-TR", Role.RCAT_MEMBER),
    "prosecutor": Persona("prosecutor", "GPO", Role.PROSECUTOR),
    "investigator": Persona("police.investigator", "ASP", Role.INVESTIGATOR),
    "court_clerk": Persona("court.clerk", "MOJ", Role.COURT_CLERK),
    "observer": Persona("taskforce.member", "NTF", Role.OBSERVER),
    "sysadmin": Persona("sysadmin", "ONAC", Role.SYSADMIN),
    "helpline": Persona("helpline.operator", "MOI", Role.HELPLINE_OPERATOR),
    "secretary": Persona("body.secretary", "ONAC", Role.BODY_SECRETARY),
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the seed organisations and the seed Action Plan."""
    with django_db_blocker.unblock():
        call_command("setup", "--admin-username", "first.admin", verbosity=0)
        for persona in PERSONAS.values():
            user = User(
                username=persona.username,
                organisation=Organisation.objects.get(code=persona.org),
                role=persona.role,
            )
            user.set_password(PASSWORD)
            user.save()
        User.objects.filter(username="first.admin").update(must_change_password=False)
        call_command("monitoring", "open-period", "2009Q1", verbosity=0)


@pytest.fixture
def persona(db):
    """persona("onac") -> the User of that persona."""

    def get(key: str) -> User:
        return User.objects.get(username=PERSONAS[key].username)

    return get


def verify_second_factor(client, user: User) -> TOTPDevice:
    """Give `user` a confirmed TOTP device and mark the client's session as having passed the
    second factor with it, as `django_otp.login` does after a correct code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def sign_in(client, user: User):
    """Signed in as `user`, past the second factor when the policy asks for one."""
    client.force_login(user)
    if second_factor.required(user):
        verify_second_factor(client, user)
    return client


@pytest.fixture
def client_for(client, persona):
    """client_for("onac") -> a test client signed in as that persona (second factor passed)."""

    def sign_in_as(key: str):
        return sign_in(client, persona(key))

    return sign_in_as


@pytest.fixture(autouse=True)
def _audit_in_own_transaction(request, monkeypatch):
    """Every test runs inside a transaction that production code does not have; an audit entry
    must still be written in a transaction the code opened itself (else the page would answer
    500 in production while its test passes)."""
    if not (request.node.get_closest_marker("django_db") or "db" in request.fixturenames):
        return
    request.getfixturevalue("db")
    from django.db import connection

    from lidhja.audit.domain import services as audit

    outer = len(connection.atomic_blocks)
    monkeypatch.setattr(audit, "in_transaction", lambda: len(connection.atomic_blocks) > outer)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.LANGUAGE_CODE = "en"
    settings.LIDHJA_CASE_KEYRING = TEST_KEYRING
    settings.LIDHJA_PRIVATE_FILES = tmp_path / "private-files"
    # Static files come from the package folders (no `collectstatic` before tests).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def seed_plan(db):
    from lidhja.plans.models import Plan

    return Plan.objects.get(code="nap-2008-2010")


def seed_dir():
    return settings.LIDHJA_SEED_PLAN_DIR


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached pages are keyed on audit generations, which a rolled-back test reuses: each test
    starts with an empty cache, so none reads another's."""
    from django.core.cache import cache

    cache.clear()


# The end-to-end server and browser page (tests/e2e.py), for tests in any folder.
pytest_plugins = ["tests.e2e"]
