"""Sign-ins, sign-outs and failed attempts go to the audit log."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest

from lidhja.accounts.domain.language import remember_language
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit


@receiver(user_logged_in)
def _logged_in(sender: type[User], request: HttpRequest, user: User, **kwargs: Any) -> None:
    with transaction.atomic():
        audit.record("user.logged_in", actor=user, obj=user)
    # A user who never chose a language reads the one the pages were just shown in.
    if not user.language and (language := getattr(request, "LANGUAGE_CODE", None)):
        remember_language(user, language)


@receiver(user_logged_out)
def _logged_out(
    sender: type[User] | None, request: HttpRequest, user: User | None, **kwargs: Any
) -> None:
    if user is not None:
        with transaction.atomic():
            audit.record("user.logged_out", actor=user, obj=user)


@receiver(user_login_failed)
def _login_failed(
    sender: str, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    with transaction.atomic():
        audit.record("user.login_failed", object_type="accounts.user", object_repr=username)


@receiver(user_locked_out)
def _locked_out(
    sender: str,
    request: HttpRequest | None = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    with transaction.atomic():
        audit.record(
            "user.locked_out", object_type="accounts.user", object_repr=str(username or "")[:150]
        )
