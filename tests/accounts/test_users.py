from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from lidhja.accounts.domain import services
from lidhja.accounts.domain.actors import SYSTEM
from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.accounts.models import Role, User
from lidhja.audit.models import AuditEntry
from lidhja.organisations.models import Organisation
from tests.conftest import PASSWORD

GOOD_PASSWORD = "Corr3ct-horse-battery"


def _last_audit(action):
    return AuditEntry.objects.filter(action=action).order_by("-seq").first()


@pytest.mark.django_db
def test_cli_adds_a_user_with_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("LIDHJA_PASSWORD", GOOD_PASSWORD)
    out = StringIO()
    call_command("user", "add", "new.focal", "--org", "asp", "--role", "focal_point", stdout=out)
    assert out.getvalue().strip() == "created new.focal (ASP, focal_point)"
    user = User.objects.get(username="new.focal")
    assert user.check_password(GOOD_PASSWORD)
    assert user.password.startswith("argon2")
    entry = _last_audit("user.created")
    assert entry.object_id == str(user.pk)
    assert entry.changes["organisation"] == "ASP" and "password" not in entry.changes


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (
            ["x.user", "--org", "NOPE", "--role", "police"],
            GOOD_PASSWORD,
            "no organisation with code 'NOPE'",
        ),
        (
            ["x.user", "--org", "ASP", "--role", "focal_point"],
            "short",
            "This password is too short",
        ),
        (["onac.analyst", "--org", "ASP", "--role", "police"], GOOD_PASSWORD, "exists already"),
    ],
)
def test_cli_refuses_bad_input_and_writes_nothing(monkeypatch, args, password, message):
    monkeypatch.setenv("LIDHJA_PASSWORD", password)
    users, entries = User.objects.count(), AuditEntry.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("user", "add", *args)
    assert (User.objects.count(), AuditEntry.objects.count()) == (users, entries)


@pytest.mark.django_db
def test_cli_lists_users():
    out = StringIO()
    call_command("user", "list", stdout=out)
    assert "ra.officer\tRA\tra_officer\tactive" in out.getvalue().splitlines()


@pytest.mark.django_db
def test_createsuperuser_noinput_makes_an_audited_administrator(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", GOOD_PASSWORD)
    call_command("createsuperuser", "--noinput", "--username", "root2", "--email", "r@example.org")
    user = User.objects.get(username="root2")
    assert (user.role, user.organisation.code, user.is_superuser) == (Role.SYSADMIN, "ONAC", True)
    assert _last_audit("user.created").object_id == str(user.pk)


@pytest.mark.django_db
def test_sign_in_and_out_are_audited(client):
    response = client.post(
        reverse("accounts:login"), {"username": "ra.officer", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert _last_audit("user.logged_in").actor_label == "ra.officer"
    client.post(reverse("accounts:logout"))
    assert _last_audit("user.logged_out").actor_label == "ra.officer"


@pytest.mark.django_db
def test_lock_out_after_repeated_failures(client):
    url = reverse("accounts:login")
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = client.post(url, {"username": "ra.officer", "password": "wrong"})
        assert response.status_code == 200
        assert b"The user name or password is not correct." in response.content
    response = client.post(url, {"username": "ra.officer", "password": "wrong"})
    assert response.status_code == 429
    # Even the right password is refused while locked out.
    response = client.post(url, {"username": "ra.officer", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    assert _last_audit("user.locked_out").object_repr == "ra.officer"
    assert (
        AuditEntry.objects.filter(action="user.login_failed", object_repr="ra.officer").count()
        >= limit
    )


@pytest.mark.django_db
def test_one_time_password_must_be_changed_first(client):
    user = services.create_user(
        "fresh",
        organisation=Organisation.objects.get(code="ASP"),
        role=Role.FOCAL_POINT,
        password=GOOD_PASSWORD,
        by=SYSTEM,
        one_time=True,
    )
    client.post(reverse("accounts:login"), {"username": "fresh", "password": GOOD_PASSWORD})
    response = client.get(reverse("plans:list"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:password_change"
    )
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": GOOD_PASSWORD,
            "new_password1": "An0ther-long-secret",
            "new_password2": "An0ther-long-secret",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.must_change_password is False and user.check_password("An0ther-long-secret")
    assert client.get(reverse("plans:list")).status_code == 200


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.LIDHJA_SESSION_RENEW_SECONDS == 60


@pytest.mark.django_db
def test_a_session_is_renewed_at_most_once_a_minute(client_for, monkeypatch):
    """Idle expiry starts again on activity, but a page view does not write the session each
    time: at most once every LIDHJA_SESSION_RENEW_SECONDS."""
    from django.contrib.sessions.models import Session

    from lidhja.core import middleware

    clock = [1_000_000.0]
    monkeypatch.setattr(middleware, "_now", lambda: clock[0])
    client = client_for("onac")
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    def expiry():
        return Session.objects.get(session_key=key).expire_date

    assert client.get(reverse("plans:list")).status_code == 200
    renewed = expiry()
    clock[0] += 59
    assert client.get(reverse("plans:list")).status_code == 200
    assert expiry() == renewed  # within the minute: not written again
    clock[0] += 1
    assert client.get(reverse("plans:list")).status_code == 200
    assert expiry() > renewed  # a minute on: renewed, the idle time starts again
    anonymous = type(client)()
    assert anonymous.get("/healthz").status_code == 200
    assert settings.SESSION_COOKIE_NAME not in anonymous.cookies  # no session for nobody


@pytest.mark.django_db
def test_admin_creates_a_user_on_the_page_with_a_one_time_password(client_for):
    client = client_for("sysadmin")
    org = Organisation.objects.get(code="ASP")
    response = client.post(
        reverse("users:create"),
        {
            "username": "focal.two",
            "first_name": "Focal",
            "last_name": "Two",
            "email": "",
            "organisation": org.pk,
            "role": "focal_point",
        },
    )
    assert response.status_code == 200
    user = User.objects.get(username="focal.two")
    assert (user.is_active, user.pending_approval) == (True, False)
    assert user.must_change_password is True
    assert response.context["password"] and user.check_password(response.context["password"])
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_user_form_names_the_field_at_fault(client_for):
    before = User.objects.count()
    response = client_for("sysadmin").post(
        reverse("users:create"), {"username": "", "role": "nonsense"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"username", "organisation", "role"}
    assert User.objects.count() == before


@pytest.mark.django_db
def test_a_stale_user_edit_is_refused(client_for, persona):
    target = persona("police")
    admin = persona("sysadmin")
    services.update_user(target, version=target.version, by=admin, role=Role.PROSECUTOR)
    response = client_for("sysadmin").post(
        reverse("users:edit", args=[target.pk]),
        {
            "version": target.version,
            "username": target.username,
            "organisation": target.organisation_id,
            "role": "ra_officer",
            "is_active": "on",
            "first_name": "",
            "last_name": "",
            "email": "",
        },
    )
    assert response.status_code == 409
    target.refresh_from_db()
    assert target.role == Role.PROSECUTOR
    with pytest.raises(StaleObject):
        services.update_user(target, version=1, by=admin, role=Role.POLICE)


@pytest.mark.django_db
def test_services_check_permission_again(persona):
    with pytest.raises(PermissionDenied):
        services.update_user(persona("police"), version=1, by=persona("onac"), role=Role.RA_OFFICER)


@pytest.mark.django_db
def test_admin_cannot_remove_own_access(persona):
    from django.core.exceptions import ValidationError

    admin = persona("sysadmin")
    with pytest.raises(ValidationError):
        services.update_user(admin, version=admin.version, by=admin, role=Role.OBSERVER)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes", [{"role": Role.ONAC_ANALYST}, {"is_active": False}], ids=["role", "inactive"]
)
def test_an_administrator_cannot_remove_their_own_administrator_access(persona, changes):
    admin = persona("sysadmin")
    with pytest.raises(ValidationError):
        services.update_user(admin, version=admin.version, by=admin, **changes)
    admin.refresh_from_db()
    assert (admin.role, admin.is_active) == (Role.SYSADMIN, True)
    # A profile change keeps the access, and goes through.
    services.update_user(admin, version=admin.version, by=admin, first_name="Synthetic")
    admin.refresh_from_db()
    assert admin.first_name == "Synthetic"
