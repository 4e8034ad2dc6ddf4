"""`lidhja files seal`: seal private files stored before sealing existed."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lidhja.audit.domain import services as audit
from lidhja.cases.domain.crypto import KeyringError, Tampered
from lidhja.core import sealed


class Command(BaseCommand):
    help = "Private files (report evidence, evaluation files)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "seal",
            help="Seal every plain private file with the current key, and re-seal files "
            "sealed with an older key. Safe to run again.",
        )

    def handle(self, *args, action, **options):
        try:
            count = sealed.reseal_registered()
        except (KeyringError, Tampered) as exc:
            raise CommandError(str(exc)) from None
        with transaction.atomic():
            audit.record("files.sealed", changes={"files": count})
        self.stdout.write(f"{count} file(s) sealed with the current key")
