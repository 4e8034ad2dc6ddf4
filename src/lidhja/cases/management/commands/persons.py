"""`lidhja persons categorise|tokenise|link`: statistical categories and linkage tokens for
rows stored before they existed, and the batch linkage of the whole register (Splink), whose
proposed links the Responsible Authority reviews."""

from django.core.management.base import BaseCommand, CommandError

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.cases.domain import linkage, matching, persons
from lidhja.cases.domain.crypto import KeyringError, Tampered


def _probability(text: str) -> float:
    value = float(text)
    if not 0 < value < 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = "Persons of the referral mechanism: statistical categories, tokens, linkage."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "categorise",
            help="Derive every person's and case's statistical categories from the sealed "
            "identity. Safe to run again.",
        )
        sub.add_parser(
            "tokenise",
            help="Compute every person's keyed linkage tokens from the sealed identity. Safe "
            "to run again.",
        )
        link = sub.add_parser(
            "link",
            help="Link the whole register on its tokens (Splink, DuckDB) and propose every "
            "pair at or above the threshold to the Responsible Authority. Never confirms.",
        )
        link.add_argument(
            "--threshold",
            type=_probability,
            default=matching.THRESHOLD,
            help=f"match probability from which a pair is proposed (default {matching.THRESHOLD})",
        )

    def handle(self, *args, action, **options):
        try:
            if action == "categorise":
                count = persons.categorise_all(by=SYSTEM)
                self.stdout.write(f"{count} row(s) categorised")
            elif action == "tokenise":
                count = persons.tokenise_all(by=SYSTEM)
                self.stdout.write(f"{count} person(s) tokenised")
            else:
                total, new = linkage.link_register(by=SYSTEM, threshold=options["threshold"])
                self.stdout.write(f"{total} person(s) linked, {new} new link(s) proposed")
        except (KeyringError, Tampered) as exc:
            raise CommandError(str(exc)) from None
