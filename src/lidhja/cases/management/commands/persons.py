"""`lidhja persons categorise`: fill the statistical categories of persons and cases stored
before they existed (sex, citizenship, age band at identification)."""

from django.core.management.base import BaseCommand, CommandError

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.cases.domain import persons
from lidhja.cases.domain.crypto import KeyringError, Tampered


class Command(BaseCommand):
    help = "Persons of the referral mechanism: statistical categories."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "categorise",
            help="Derive every person's and case's statistical categories from the sealed "
            "identity. Safe to run again.",
        )

    def handle(self, *args, action, **options):
        try:
            count = persons.categorise_all(by=SYSTEM)
        except (KeyringError, Tampered) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{count} row(s) categorised")
