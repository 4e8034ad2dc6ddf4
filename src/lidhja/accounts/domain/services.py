"""Changes to user accounts. Each one checks permission, validates, and audits atomically."""

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lidhja.accounts.domain.actors import SYSTEM, Actor
from lidhja.accounts.domain.approval import needs_approval, request_approval
from lidhja.accounts.domain.errors import DomainError, PermissionDenied, StaleObject
from lidhja.accounts.domain.onetime import generate_password
from lidhja.accounts.domain.permissions import can
from lidhja.accounts.domain.tokens import revoke_tokens
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.organisations.models import Organisation

__all__ = ["EDITABLE", "create_user", "generate_password", "set_password", "update_user"]

EDITABLE = ("first_name", "last_name", "email", "organisation", "role", "is_active")
# A change of these (or activating the account) gives a guarded account new reach.
_REACH = ("role", "organisation")


def _require_manager(by: Actor) -> None:
    # SYSTEM is the operator at the command line (the `lidhja` command on the server).
    if by is not SYSTEM and not can(by, "user.manage"):
        raise PermissionDenied(_("You may not manage users."))


def _snapshot(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "organisation": user.organisation.code if user.organisation else None,
        "role": user.role,
        "is_active": user.is_active,
    }


def audit_user_created(user: User, *, by: Actor) -> None:
    audit.record("user.created", actor=by, obj=user, changes=_snapshot(user))


@transaction.atomic
def create_user(
    username: str,
    *,
    organisation: Organisation | None,
    role: str,
    password: str | None,
    by: Actor,
    one_time: bool = False,
    approved: bool = False,
    **fields: Any,
) -> User:
    """Create an account. One whose role needs approval is created inactive and without a
    password (`password` must be None): the approver gets its one-time password.

    `approved=True` skips the approval, for the operator's bootstrap only (`lidhja setup`'s first
    administrator, synthetic demonstration users): never for a person at a page."""
    _require_manager(by)
    if approved and by is not SYSTEM:
        raise PermissionDenied(_("Another administrator must approve this account."))
    pending = needs_approval(role) and not approved
    if pending and password is not None:
        raise ValidationError(
            {"password": _("An account waiting for approval gets its password when approved.")}
        )
    if not pending and password is None:
        raise ValidationError({"password": _("A password is required.")})
    user = User(username=username, organisation=organisation, role=role, **fields)
    user.must_change_password = one_time
    user.full_clean(exclude=["password"])
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.save()
    audit_user_created(user, by=by)
    if pending:
        request_approval(user, by=by)
    return user


@transaction.atomic
def update_user(user: User, *, version: int, by: Actor, **changes: Any) -> User:
    """Change profile, organisation, role or active flag; refuses a stale edit.

    A guarded account whose role or organisation changes, or which is activated, waits for
    approval again; a deactivated one loses its API tokens."""
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
    after = _snapshot(locked)
    gains_reach = any(before[f] != after[f] for f in _REACH) or (
        after["is_active"] and not before["is_active"]
    )
    pending = needs_approval(locked.role) and (gains_reach or locked.pending_approval)
    own_access_lost = not can(locked, "user.manage") or pending
    if by is not SYSTEM and locked.pk == by.pk and own_access_lost:
        raise ValidationError(_("You cannot remove your own administrator access."))
    locked.full_clean(exclude=["password"])
    locked.version += 1
    if not pending:
        locked.pending_approval = False
    locked.save(update_fields=[*changes, "version", "pending_approval"])
    audit.record("user.updated", actor=by, obj=locked, changes=audit.diff(before, after))
    if pending and gains_reach:
        request_approval(locked, by=by)
    elif before["is_active"] and not locked.is_active:
        revoke_tokens(locked, by=by, reason="deactivated")
    return locked


@transaction.atomic
def set_password(user: User, password: str, *, by: Actor, one_time: bool = False) -> None:
    """Set a password: by the user themself, or a one-time one by an administrator (or the
    operator). Every API token of the user is revoked."""
    if by is not SYSTEM and by.pk != user.pk:
        _require_manager(by)
    if user.pending_approval:
        raise DomainError(_("This user is waiting for approval: the approver issues a password."))
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = one_time
    user.save(update_fields=["password", "must_change_password"])
    audit.record("user.password_set", actor=by, obj=user, changes={"one_time": one_time})
    revoke_tokens(user, by=by, reason="password set")
