"""The second factor (django-otp): a TOTP app, with single-use recovery codes.

Required of every account the policy table guards (`account.second_factor_required`). A user
enrols at first sign-in; a lost device is reset by another administrator, never by oneself."""

import re

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lidhja.accounts.domain.actors import SYSTEM, Actor
from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.accounts.domain.permissions import can
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit

TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
_TOTP_CODE = re.compile(r"\d{6}")


def required(user: User) -> bool:
    return can(user, "account.second_factor_required")


def enrolled(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))  # django-otp is untyped


def enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed TOTP device the user is enrolling (one, kept across page loads)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def _normalise(code: str) -> str:
    return "".join(code.split()).lower()


@transaction.atomic
def confirm_enrolment(user: User, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the device with a code from the app; returns it and the new recovery codes,
    or None when the code is wrong. Refused once the user has a confirmed device."""
    if enrolled(user):
        raise PermissionDenied(_("A second factor is already set up for this account."))
    device = (
        TOTPDevice.objects.select_for_update(of=("self",))
        .filter(user=user, confirmed=False)
        .first()
    )
    if device is None or not device.verify_token(_normalise(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = _new_recovery_codes(user)
    audit.record("user.second_factor_enrolled", actor=user, obj=user)
    return device, codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.LIDHJA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def verify(user: User, code: str) -> Device | None:
    """The device that accepts `code`: six digits from the app, or a recovery code, which is
    used up. Each wrong code slows that device down further (django-otp throttling)."""
    code = _normalise(code)
    kind = TOTPDevice if _TOTP_CODE.fullmatch(code) else StaticDevice
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        if isinstance(device, kind) and device.verify_token(code):
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                audit.record(
                    "user.recovery_code_used", actor=user, obj=user, changes={"left": left}
                )
            return device
    return None


@transaction.atomic
def reset(user: User, *, by: Actor) -> None:
    """Remove the user's second factor, so they enrol again at their next sign-in.

    Only another administrator may do this (SYSTEM is the operator at the command line)."""
    if by is not SYSTEM:
        if not can(by, "user.manage"):
            raise PermissionDenied(_("You may not manage users."))
        if by.pk == user.pk:
            raise PermissionDenied(_("Another administrator must reset your second factor."))
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        devices = model.objects.filter(user=user)
        removed += devices.count()
        devices.delete()
    audit.record("user.second_factor_reset", actor=by, obj=user, changes={"devices": removed})
