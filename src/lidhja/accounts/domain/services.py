"""Changes to user accounts. Each one checks permission, validates, and audits atomically."""

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.accounts.models import Role, User
from lidhja.audit.domain import services as audit

EDITABLE = ("first_name", "last_name", "email", "organisation", "role", "is_active")


def _require_manager(by) -> None:
    # `by=None` is the operator at the command line (the `lidhja` command on the server).
    if by is not None and not can(by, "user.manage"):
        raise PermissionDenied(_("You may not manage users."))


def _snapshot(user: User) -> dict:
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "organisation": user.organisation.code if user.organisation else None,
        "role": user.role,
        "is_active": user.is_active,
    }


def audit_user_created(user: User, *, by) -> None:
    audit.record("user.created", actor=by, obj=user, changes=_snapshot(user))


def generate_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def create_user(
    username: str,
    *,
    organisation,
    role: str,
    password: str,
    by=None,
    one_time: bool = False,
    **fields,
) -> User:
    _require_manager(by)
    user = User(username=username, organisation=organisation, role=role, **fields)
    user.must_change_password = one_time
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.save()
    audit_user_created(user, by=by)
    return user


@transaction.atomic
def update_user(user: User, *, version: int, by, **changes) -> User:
    """Change profile, organisation, role or active flag; refuses a stale edit."""
    _require_manager(by)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed here.") for field in unknown})
    locked = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
    if locked.version != version:
        raise StaleObject(_("This user was changed by someone else meanwhile. Reload and retry."))
    before = _snapshot(locked)
    for field, value in changes.items():
        setattr(locked, field, value)
    own_access_lost = locked.role != Role.SYSADMIN or not locked.is_active
    if by is not None and locked.pk == by.pk and own_access_lost:
        raise ValidationError(_("You cannot remove your own administrator access."))
    locked.full_clean(exclude=["password"])
    locked.version += 1
    locked.save(update_fields=[*changes, "version"])
    audit.record(
        "user.updated", actor=by, obj=locked, changes=audit.diff(before, _snapshot(locked))
    )
    return locked


@transaction.atomic
def set_password(user: User, password: str, *, by=None, one_time: bool = False) -> None:
    """Set a password: by the user themself, or a one-time one by an administrator."""
    if by is not None and by.pk != user.pk:
        _require_manager(by)
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = one_time
    user.save(update_fields=["password", "must_change_password"])
    audit.record("user.password_set", actor=by, obj=user, changes={"one_time": one_time})
