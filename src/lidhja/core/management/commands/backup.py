from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lidhja.core.backup import services
from lidhja.core.backup.database import DatabaseToolError


def keyring_location() -> str:
    if settings.LIDHJA_CASE_KEYRING:
        return "the LIDHJA_CASE_KEYRING setting"
    return str(settings.LIDHJA_CASE_KEYRING_FILE)


class Command(BaseCommand):
    help = (
        "Write one archive (tar.gz, mode 0600) with a consistent database snapshot, the private "
        "files and a manifest. The case keyring is not included."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, type=Path, help="archive to write")

    def handle(self, *args, output: Path, **options):
        try:
            backup = services.create_backup(output)
        except (services.BackupError, DatabaseToolError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"backup written: {backup.path} (readable by its owner only)\n"
            f"  database: {backup.engine}, {backup.rows} rows\n"
            f"  private files: {backup.files}\n"
            f"  sha256: {backup.sha256}"
        )
        needed = ", ".join(backup.key_ids) or "none yet"
        self.stdout.write(
            self.style.WARNING(
                "The case keyring is NOT in this archive. Without it the sealed personal data "
                "and files in it cannot be read.\n"
                f"  Keep a copy of the keyring (now in {keyring_location()}) outside this "
                "server, apart from the backups, e.g. on an offline medium in a safe.\n"
                f"  Keys this archive needs: {needed}"
            )
        )
