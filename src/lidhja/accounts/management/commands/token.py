"""`lidhja token create|list|revoke`: personal API tokens (django-rest-knox).

A token is shown once, when it is created; the database keeps only its digest and its first
characters (`token_key`), which name it in lists, revocation and the audit log. Dates are
written as the pages write them in the terminal's language (`LC_ALL`, `LC_TIME` or `LANG`:
Albanian for `sq…`, English otherwise): "29 Nov 2026, 14:05" / "29.11.2026, 14:05"."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from knox.models import AuthToken
from knox.settings import knox_settings

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.accounts.domain.errors import DomainError
from lidhja.accounts.domain.tokens import create_token, revoke_tokens
from lidhja.accounts.models import User
from lidhja.core import figures


def terminal_language() -> str:
    """The language of the terminal's locale, as the first set of LC_ALL, LC_TIME, LANG."""
    for name in ("LC_ALL", "LC_TIME", "LANG"):
        if value := os.environ.get(name):
            return "sq" if value.lower().startswith("sq") else "en"
    return "en"


def _when(moment) -> str:
    if moment is None:
        return "never"
    with translation.override(terminal_language()):
        return figures.moment(moment, short=True)


class Command(BaseCommand):
    help = (
        "Personal API tokens: `token create USERNAME [--days N]` (prints the token once), "
        "`token list USERNAME`, `token revoke USERNAME (--key PREFIX | --all)`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser("create", help="create a token and print it once")
        create.add_argument("username")
        default_days = knox_settings.TOKEN_TTL.days if knox_settings.TOKEN_TTL else None
        create.add_argument(
            "--days",
            type=int,
            default=default_days,
            help=(
                f"days until the token expires (default {default_days}, LIDHJA_API_TOKEN_DAYS; "
                f"at most {settings.LIDHJA_API_TOKEN_MAX_DAYS}, LIDHJA_API_TOKEN_MAX_DAYS)"
            ),
        )
        listing = sub.add_parser("list", help="list a user's tokens")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="revoke tokens")
        revoke.add_argument("username")
        which = revoke.add_mutually_exclusive_group(required=True)
        which.add_argument("--key", help="the token key shown by `token list` (or its start)")
        which.add_argument(
            "--all", dest="every", action="store_true", help="every token of the user"
        )

    def handle(self, *args, subcommand, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        getattr(self, f"_{subcommand}")(user, **options)

    def _create(self, user, days, **_):
        try:
            token, secret = create_token(user, days=days if days is not None else 0)
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(secret)
        self.stderr.write(
            f"Token {token.token_key} for {user.username}, valid until {_when(token.expiry)}. "
            "It is shown only now: store it safely."
        )

    def _list(self, user, **_):
        now = timezone.now()
        for token in AuthToken.objects.filter(user=user).order_by("created"):
            state = "expired" if token.expiry and token.expiry < now else "valid"
            self.stdout.write(
                f"{token.token_key}\tcreated {_when(token.created)}\t"
                f"expires {_when(token.expiry)}\t{state}"
            )

    def _revoke(self, user, key, every, **_):
        if not every:
            matching = AuthToken.objects.filter(user=user, token_key__startswith=key).count()
            if matching != 1:
                raise CommandError(
                    f"{matching} tokens of {user.username} match {key!r}; give one key"
                )
        with transaction.atomic():
            revoked = revoke_tokens(
                user, by=SYSTEM, key_prefix=None if every else key, reason="revoked"
            )
        self.stdout.write(f"revoked {revoked} token(s) of {user.username}")
