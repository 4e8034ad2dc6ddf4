from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lidhja.core.backup import services
from lidhja.core.backup.archive import ArchiveError
from lidhja.core.backup.database import DatabaseToolError


class Command(BaseCommand):
    help = (
        "Restore an archive of `lidhja backup` into an empty database and private files folder, "
        "after checking its manifest; then migrate if needed and collect static files. Stop the "
        "application first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace existing data (cases, plans, users, private files)",
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        try:
            restored = services.restore_backup(archive, force=force)
        except ArchiveError as exc:
            raise CommandError(f"archive refused, nothing was changed: {exc}") from None
        except (services.BackupError, DatabaseToolError) as exc:
            raise CommandError(str(exc)) from None
        if restored.replaced:
            self.stdout.write(f"replaced: {', '.join(restored.replaced)}")
        self.stdout.write(
            f"restored the backup of {restored.created_at}: {restored.engine}, "
            f"{restored.rows} rows, {restored.files} private files"
            + ("; database migrated to this version" if restored.migrated else "")
            + "; static files collected"
        )
        if restored.missing_keys:
            self.stdout.write(
                self.style.WARNING(
                    "The configured case keyring lacks key(s) "
                    f"{', '.join(restored.missing_keys)}: sealed data will not open until the "
                    "keyring kept outside the server is put back (LIDHJA_CASE_KEYRING, or the "
                    f"key file {settings.LIDHJA_CASE_KEYRING_FILE})."
                )
            )
        else:
            self.stdout.write("the configured case keyring holds every key the data need")
