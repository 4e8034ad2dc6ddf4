"""`lidhja cases keygen|rotate-key|reencrypt|archive`: keys and retention of case data."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from lidhja.audit.domain import services as audit
from lidhja.cases.domain import crypto
from lidhja.cases.domain.keys import reencrypt
from lidhja.cases.domain.services import archive_cases, archive_due


class Command(BaseCommand):
    help = "Encryption keys and retention of case data."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("keygen", help="Print a new keyring (for LIDHJA_CASE_KEYRING).")
        sub.add_parser(
            "rotate-key",
            help="Add a new current key to the key file (or print the rotated keyring when it "
            "comes from the environment). Run `reencrypt` afterwards.",
        )
        sub.add_parser("reencrypt", help="Re-encrypt every value with the current key.")
        sub.add_parser("archive", help="Archive closed cases past the retention period.")

    def handle(self, *args, **options):
        try:
            getattr(self, "_" + options["action"].replace("-", "_"))()
        except crypto.KeyringError as exc:
            raise CommandError(str(exc)) from exc

    def _keygen(self):
        self.stdout.write(crypto.Keyring.generate().dumps())

    def _rotate_key(self):
        rotated = crypto.keyring().rotated()
        with transaction.atomic():
            audit.record("case.keys_rotated", changes={"current": rotated.current})
        if settings.LIDHJA_CASE_KEYRING:
            self.stdout.write(rotated.dumps())
            self.stderr.write(
                "The keyring comes from the environment: store the keyring above there, "
                "restart, then run `lidhja cases reencrypt`."
            )
            return
        crypto.write_keyring(rotated, crypto.keyring_file())
        crypto._load.cache_clear()
        self.stdout.write(f"New current key {rotated.current}; now run `lidhja cases reencrypt`.")

    def _reencrypt(self):
        count = reencrypt()
        self.stdout.write(f"Re-encrypted {count} values with key {crypto.keyring().current}.")

    def _archive(self):
        due = archive_due(timezone.localdate(), settings.LIDHJA_CASE_RETENTION_YEARS)
        self.stdout.write(f"Archived {archive_cases(due)} cases.")
