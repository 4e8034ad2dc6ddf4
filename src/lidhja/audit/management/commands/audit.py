from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lidhja.audit.domain import services
from lidhja.audit.domain.verify import verify_chain


class Command(BaseCommand):
    help = "Audit log tools. `lidhja audit verify` checks that no entry was altered or removed."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="verify the hash chain of the whole audit log")

    def handle(self, *args, subcommand, **options):
        count, problems = verify_chain()
        if problems:
            for problem in problems[:50]:
                self.stderr.write(str(problem))
            raise CommandError(
                f"audit log is NOT intact: {len(problems)} problem(s) in {count} entries"
            )
        with transaction.atomic():
            services.record("audit.verified", changes={"entries": count})
        self.stdout.write(f"audit log intact: {count} entries verified")
