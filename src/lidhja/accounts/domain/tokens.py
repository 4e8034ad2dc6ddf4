"""Personal API tokens (django-rest-knox): created only at the command line, revoked whenever
the account's password is set, or the account is deactivated or sent back for approval."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from lidhja.accounts.domain.actors import Actor
from lidhja.accounts.domain.errors import DomainError
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit


def _when(moment: datetime | None) -> str:
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else "never"


def token_facts(token: AuthToken) -> dict[str, str]:
    """What the audit log keeps of a token: never the token itself."""
    return {"token_key": token.token_key, "expiry": _when(token.expiry)}


@transaction.atomic
def create_token(user: User, *, days: int) -> tuple[AuthToken, str]:
    """A token valid for `days` (at most LIDHJA_API_TOKEN_MAX_DAYS); returns it and its secret."""
    limit = settings.LIDHJA_API_TOKEN_MAX_DAYS
    if days < 1 or days > limit:
        raise DomainError(
            _("--days must be between 1 and %(limit)d (LIDHJA_API_TOKEN_MAX_DAYS).")
            % {"limit": limit}
        )
    if not user.is_active:
        raise DomainError(_("The user is not active."))
    token, secret = AuthToken.objects.create(user, expiry=timedelta(days=days))
    audit.record("api_token.created", obj=user, changes=token_facts(token))
    return token, secret


def revoke_tokens(user: User, *, by: Actor, key_prefix: str | None = None, reason: str = "") -> int:
    """Revoke the user's tokens (or the one whose key starts with `key_prefix`); audited.

    Runs inside the caller's transaction."""
    tokens = AuthToken.objects.filter(user=user)
    if key_prefix is not None:
        tokens = tokens.filter(token_key__startswith=key_prefix)
    revoked = list(tokens.select_for_update(of=("self",)))
    for token in revoked:
        audit.record(
            "api_token.revoked", actor=by, obj=user, changes=token_facts(token), reason=reason
        )
        token.delete()
    return len(revoked)
