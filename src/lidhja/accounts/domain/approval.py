"""Separation of duties: an account that can reach personal data (or manage accounts) becomes
active only when a second administrator, not the one who created or changed it, approves it.

The approver, and only the approver, sees the account's one-time password: it is generated at
approval, so whoever asked for the account never knows it."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lidhja.accounts.domain.actors import SYSTEM, Actor
from lidhja.accounts.domain.errors import DomainError, PermissionDenied
from lidhja.accounts.domain.onetime import generate_password
from lidhja.accounts.domain.permissions import can, role_holds
from lidhja.accounts.domain.tokens import revoke_tokens
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit


def needs_approval(role: str) -> bool:
    return role_holds(role, "account.approval_required")


def request_approval(user: User, *, by: Actor) -> None:
    """Park `user` inactive until approved. Runs inside the caller's transaction; saves."""
    user.is_active = False
    user.pending_approval = True
    user.approval_requested_by = None if by is SYSTEM else by
    user.approval_requested_at = timezone.now()
    user.save(
        update_fields=[
            "is_active",
            "pending_approval",
            "approval_requested_by",
            "approval_requested_at",
        ]
    )
    revoke_tokens(user, by=by, reason="approval requested")
    audit.record(
        "user.approval_requested",
        actor=by,
        obj=user,
        changes={"role": user.role, "organisation": _organisation(user)},
    )


def _organisation(user: User) -> str | None:
    return user.organisation.code if user.organisation else None


def pending_approvals() -> QuerySet[User]:
    return (
        User.objects.filter(pending_approval=True)
        .select_related("organisation", "approval_requested_by")
        .order_by("approval_requested_at", "username")
    )


def may_approve(user: User, *, by: User) -> bool:
    """Only another administrator: neither the one who asked, nor the account itself."""
    return (
        can(by, "user.manage")
        and user.pending_approval
        and by.pk != user.pk
        and by.pk != user.approval_requested_by_id
    )


@transaction.atomic
def approve_user(user: User, *, by: User) -> str:
    """Activate a pending account; returns its new one-time password, to be shown only now."""
    if not can(by, "user.manage"):
        raise PermissionDenied(_("You may not manage users."))
    locked = (
        User.objects.select_for_update(of=("self",))
        .select_related("approval_requested_by")
        .get(pk=user.pk)
    )
    if not locked.pending_approval:
        raise DomainError(_("This user is not waiting for approval."))
    if not may_approve(locked, by=by):
        raise PermissionDenied(
            _("Another administrator must approve: not the one who asked, nor the user.")
        )
    password = generate_password(locked)
    locked.set_password(password)
    locked.must_change_password = True
    locked.is_active = True
    locked.pending_approval = False
    locked.version += 1
    locked.save(
        update_fields=[
            "password",
            "must_change_password",
            "is_active",
            "pending_approval",
            "version",
        ]
    )
    requester = locked.approval_requested_by
    audit.record(
        "user.approved",
        actor=by,
        obj=locked,
        changes={
            "role": locked.role,
            "organisation": _organisation(locked),
            "requested_by": requester.username if requester else "system",
        },
    )
    return password
