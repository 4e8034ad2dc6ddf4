"""The second factor: enrolment at first sign-in, a code before anything else, recovery codes
that work once, lock-out on wrong codes, and reset by another administrator only."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lidhja.accounts.domain import second_factor
from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.accounts.models import Role, User
from lidhja.audit.models import AuditEntry
from lidhja.organisations.models import Organisation
from tests.conftest import PASSWORD

VERIFY = reverse("accounts:otp_verify")
ENROL = reverse("accounts:otp_enrol")
CASES = reverse("cases:list")
CASES_API = reverse("cases-api:list")


def _code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def _entries(action: str):
    return AuditEntry.objects.filter(action=action).order_by("seq")


def _enrolled(user: User) -> tuple[TOTPDevice, list[str]]:
    device = second_factor.enrolment_device(user)
    result = second_factor.confirm_enrolment(user, _code(device))
    assert result is not None
    return result


@pytest.fixture
def other_admin(db):
    return User.objects.create(
        username="second.admin",
        organisation=Organisation.objects.get(code="ONAC"),
        role=Role.SYSADMIN,
    )


def test_the_policy_guards_case_roles_and_administrators():
    guarded = {role for role in Role if second_factor.required(User(role=role, is_active=True))}
    assert guarded == {
        Role.RA_OFFICER,
        Role.SOCIAL_WORKER,
        Role.POLICE,
        Role.SERVICE_PROVIDER,
        Role.RCAT_MEMBER,
        Role.PROSECUTOR,
        Role.INVESTIGATOR,
        Role.COURT_CLERK,
        Role.SYSADMIN,
    }


@pytest.mark.django_db
def test_an_unverified_case_worker_is_sent_to_the_second_factor_and_the_api_refuses(
    client, persona
):
    client.force_login(persona("social_tirana"))
    response = client.get(CASES)
    assert (response.status_code, response["Location"]) == (302, f"{VERIFY}?next=%2Fcases%2F")
    # No device yet: the code step sends the user to enrolment first.
    response = client.get(VERIFY + "?next=/cases/")
    assert (response.status_code, response["Location"]) == (302, f"{ENROL}?next=%2Fcases%2F")
    response = client.get(CASES_API)
    assert response.status_code == 403
    assert response.json() == {"detail": "Confirm your sign-in with your second factor first."}
    assert client.post(CASES_API, {}).status_code == 403


@pytest.mark.django_db
def test_enrolment_shows_the_key_and_qr_code_then_recovery_codes_once(client, persona, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no slow-down after the wrong code below
    user = persona("social_tirana")
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert client.get(CASES)["Location"] == f"{VERIFY}?next=%2Fcases%2F"
    page = client.get(ENROL + "?next=/cases/")
    assert page.status_code == 200
    body = page.content.decode()
    assert '<svg role="img" aria-label="QR code to scan with an authenticator app"' in body
    assert "style=" not in body.split('<figure class="qr-code">')[1].split("</figure>")[0]
    assert re.search(r"<script(?![^>]*\bsrc=)", body) is None  # no inline script
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.context["secret"].replace(" ", "") in body.replace(" ", "")

    wrong = client.post(ENROL, {"code": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"] == [
        "This code is not correct. Try the code your app shows now."
    ]
    assert not second_factor.enrolled(user)

    done = client.post(ENROL, {"code": _code(device), "next": "/cases/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert set(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    ) == set(codes)
    assert done["Cache-Control"].startswith("max-age=0")
    assert _entries("user.second_factor_enrolled").last().object_id == str(user.pk)
    assert client.get(CASES).status_code == 200
    # Enrolment cannot be repeated to add a second device.
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_a_wrong_code_is_refused_and_the_right_one_lets_the_user_in(client, persona, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # this test is about the code, not the slow-down
    user = persona("police")
    device, _codes = _enrolled(user)
    client.force_login(user)
    wrong = client.post(VERIFY, {"code": "12345x"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"] == [
        "This code is not correct. Try the code your app shows now."
    ]
    assert client.get(CASES).status_code == 302
    assert _entries("user.login_failed").last().object_repr == user.username
    device.refresh_from_db()
    device.last_t = -1  # the enrolment used this time step's code
    device.save()
    response = client.post(VERIFY, {"code": _code(device), "next": "/cases/"})
    assert (response.status_code, response["Location"]) == (302, "/cases/")
    assert client.get(CASES).status_code == 200
    assert client.get(CASES_API).status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_slows_the_device_down(client, persona, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 3600
    user = persona("police")
    device, _codes = _enrolled(user)
    device.last_t = -1
    device.save()
    client.force_login(user)
    client.post(VERIFY, {"code": "000000" if _code(device) != "000000" else "111111"})
    # Even the right code waits until the slow-down has passed.
    assert client.post(VERIFY, {"code": _code(device)}).status_code == 200
    assert client.get(CASES).status_code == 302


@pytest.mark.django_db
def test_a_recovery_code_works_once(client, persona, django_user_model):
    user = persona("ra")
    _device, codes = _enrolled(user)
    client.force_login(user)
    response = client.post(VERIFY, {"code": codes[3].upper(), "next": "/cases/"})
    assert (response.status_code, response["Location"]) == (302, "/cases/")
    assert client.get(CASES).status_code == 200
    entry = _entries("user.recovery_code_used").last()
    assert (entry.actor_label, entry.changes) == ("ra.officer", {"left": 9})
    assert codes[3] not in str(list(AuditEntry.objects.values_list("changes", flat=True)))

    again = Client()
    again.force_login(user)
    refused = again.post(VERIFY, {"code": codes[3]})
    assert refused.status_code == 200 and "code" in refused.context["form"].errors
    assert again.get(CASES).status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == 9


@pytest.mark.django_db
def test_a_focal_point_is_not_asked_for_a_second_factor(client, persona):
    client.post(reverse("accounts:login"), {"username": "asp.focal", "password": PASSWORD})
    assert client.get(reverse("plans:list")).status_code == 200
    assert client.get(reverse("monitoring:periods")).status_code == 200
    assert client.get(VERIFY)["Location"] == reverse("core:home")
    assert client.get(ENROL)["Location"] == reverse("core:home")
    assert not TOTPDevice.objects.filter(user=persona("focal_asp")).exists()


@pytest.mark.django_db
def test_wrong_codes_count_toward_the_lock_out(client, persona, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = persona("shelter")
    device, _codes = _enrolled(user)
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    wrong = "000000" if _code(device) != "000000" else "111111"
    assert client.post(VERIFY, {"code": wrong}).status_code == 200
    assert client.post(VERIFY, {"code": wrong}).status_code == 200
    locked = client.post(VERIFY, {"code": wrong})
    assert locked.status_code == 429
    assert b"Too many failed sign-in attempts" in locked.content
    assert _entries("user.locked_out").last().object_repr == user.username
    # The session ended, and the password no longer signs in during the cool-off.
    assert client.get(CASES)["Location"].startswith(reverse("accounts:login"))
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_reset_by_oneself_is_refused(persona, client_for):
    admin = persona("sysadmin")
    _enrolled(admin)
    with pytest.raises(PermissionDenied):
        second_factor.reset(admin, by=admin)
    response = client_for("sysadmin").post(reverse("users:reset_second_factor", args=[admin.pk]))
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).count() == 1
    assert not _entries("user.second_factor_reset").exists()


@pytest.mark.django_db
def test_reset_by_another_admin_works_and_is_audited(persona, client_for, other_admin):
    worker = persona("social_tirana")
    _enrolled(worker)
    response = client_for("sysadmin").post(reverse("users:reset_second_factor", args=[worker.pk]))
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("users:edit", args=[worker.pk]),
    )
    assert not TOTPDevice.objects.filter(user=worker).exists()
    assert not StaticDevice.objects.filter(user=worker).exists()
    entry = _entries("user.second_factor_reset").last()
    assert (entry.actor_label, entry.object_id, entry.changes) == (
        "sysadmin",
        str(worker.pk),
        {"devices": 2},
    )
    # The first administrator's own factor, reset by the second one.
    admin = persona("sysadmin")
    assert second_factor.enrolled(admin)  # signed in with its factor above
    second_factor.reset(admin, by=other_admin)
    assert not second_factor.enrolled(admin)


@pytest.mark.django_db
def test_only_administrators_reset(persona):
    with pytest.raises(PermissionDenied):
        second_factor.reset(persona("social_tirana"), by=persona("ra"))


@pytest.mark.django_db
def test_the_operator_resets_at_the_command_line(persona):
    worker = persona("police")
    _enrolled(worker)
    out = StringIO()
    call_command("user", "reset-2fa", "police.border", stdout=out)
    assert out.getvalue().strip() == (
        "second factor removed for police.border: set up again at next sign-in"
    )
    assert not second_factor.enrolled(worker)
    assert _entries("user.second_factor_reset").last().actor_label == "system"
    with pytest.raises(CommandError, match="no user 'nobody'"):
        call_command("user", "reset-2fa", "nobody")


@pytest.mark.django_db
def test_a_one_time_password_is_changed_after_the_second_factor(client, persona):
    user = persona("rcat")
    user.must_change_password = True
    user.save()
    device, _codes = _enrolled(user)
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert client.get(reverse("accounts:password_change"))["Location"] == (
        f"{VERIFY}?next=%2Faccounts%2Fpassword%2F"
    )
    assert client.get(VERIFY).status_code == 200
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    client.post(VERIFY, {"code": _code(device)})
    assert client.get(CASES)["Location"] == reverse("accounts:password_change")


@pytest.mark.django_db
def test_the_language_can_be_switched_before_the_code(client, persona):
    client.force_login(persona("social_tirana"))
    response = client.post(reverse("set_language"), {"language": "sq", "next": ENROL})
    assert (response.status_code, response["Location"]) == (302, ENROL)
    assert client.get(ENROL).content.decode().count("Vendosni faktorin tuaj të dytë") >= 1
