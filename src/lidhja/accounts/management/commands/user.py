import getpass
import os
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lidhja.accounts.domain import approval, second_factor, services
from lidhja.accounts.domain.actors import SYSTEM
from lidhja.accounts.domain.errors import DomainError
from lidhja.accounts.models import Role, User
from lidhja.organisations.models import Organisation


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
    return " ".join(error.messages)


class Command(BaseCommand):
    help = (
        "Manage user accounts: `user add USERNAME --org CODE --role ROLE` (password from "
        "LIDHJA_PASSWORD or a prompt; a role that reaches personal data waits for approval on the "
        "Users page instead), `user list`, `user set-password USERNAME`, `user reset-2fa USERNAME`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        add = sub.add_parser("add", help="create a user")
        add.add_argument("username")
        add.add_argument(
            "--org", required=True, help="organisation code or abbreviation, e.g. ONAC"
        )
        add.add_argument("--role", required=True, choices=[role.value for role in Role])
        add.add_argument("--email", default="")
        add.add_argument("--first-name", default="")
        add.add_argument("--last-name", default="")
        add.add_argument("--one-time", action="store_true", help="user must change the password")
        sub.add_parser("list", help="list users")
        pw = sub.add_parser("set-password", help="set a user's password")
        pw.add_argument("username")
        pw.add_argument("--one-time", action="store_true")
        reset = sub.add_parser("reset-2fa", help="remove a user's second factor (lost device)")
        reset.add_argument("username")

    def handle(self, *args, subcommand, **options):
        handler: dict[str, Callable[..., None]] = {
            "add": self._add,
            "list": self._list,
            "set-password": self._set_password,
            "reset-2fa": self._reset_second_factor,
        }
        try:
            handler[subcommand](**options)
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from None
        except DomainError as exc:
            raise CommandError(str(exc)) from None

    def _password(self) -> str:
        password = os.environ.get("LIDHJA_PASSWORD")
        if password:
            return password
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("the passwords do not match")
        return first

    def _organisation(self, code: str) -> Organisation:
        org = Organisation.objects.filter(code__iexact=code).first()
        org = org or Organisation.objects.filter(abbreviation__iexact=code).first()
        if org is None:
            raise CommandError(f"no organisation with code {code!r} (see `lidhja org list`)")
        return org

    def _add(self, username, org, role, email, first_name, last_name, one_time, **_):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"user {username!r} exists already")
        organisation = self._organisation(org)
        # The command line cannot tell who types: an account that reaches personal data gets
        # no password here; an administrator approves it on the Users page and receives it.
        pending = approval.needs_approval(role)
        user = services.create_user(
            username,
            organisation=organisation,
            role=role,
            password=None if pending else self._password(),
            email=email,
            first_name=first_name,
            last_name=last_name,
            by=SYSTEM,
            one_time=one_time,
        )
        self.stdout.write(f"created {user.username} ({organisation.code}, {user.role})")
        if pending:
            self.stdout.write(
                "waiting for approval: an administrator approves it on the Users page, "
                "which shows its one-time password once"
            )

    def _list(self, **_):
        rows = User.objects.select_related("organisation").order_by("username")
        for user in rows:
            org = user.organisation.code if user.organisation else "-"
            state = (
                "waiting for approval"
                if user.pending_approval
                else "active"
                if user.is_active
                else "inactive"
            )
            self.stdout.write(f"{user.username}\t{org}\t{user.role}\t{state}")

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        return user

    def _set_password(self, username, one_time, **_):
        user = self._user(username)
        services.set_password(user, self._password(), by=SYSTEM, one_time=one_time)
        self.stdout.write(f"password set for {username}; API tokens revoked")

    def _reset_second_factor(self, username, **_):
        second_factor.reset(self._user(username), by=SYSTEM)
        self.stdout.write(f"second factor removed for {username}: set up again at next sign-in")
