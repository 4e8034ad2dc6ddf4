from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.audit.domain import services as audit
from lidhja.core.uploads import UploadRefused, read_path
from lidhja.organisations.domain.importing import RegistryImportError, apply_rows
from lidhja.organisations.interfaces.table import export_rows, read_table, to_csv, to_xlsx, validate
from lidhja.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Registry of organisations: `org import FILE` (CSV or XLSX), "
        "`org export --format csv|xlsx [-o FILE]`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser(
            "import", help="create or update organisations from a CSV or XLSX file"
        )
        imp.add_argument("file", type=Path)
        exp = sub.add_parser("export", help="write the registry as CSV or XLSX")
        exp.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        exp.add_argument("-o", "--output", type=Path, help="file (default: standard output)")

    def handle(self, *args, subcommand, **options):
        if subcommand == "import":
            self._import(options["file"])
        else:
            self._export(options["format"], options["output"])

    def _import(self, file: Path) -> None:
        try:
            specs = validate(read_table(file.name, read_path(file)))
            counts = apply_rows(specs, by=SYSTEM)
        except (UploadRefused, OSError) as exc:
            raise CommandError(f"nothing imported: {file.name}: {exc}") from None
        except RegistryImportError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"nothing imported: {len(exc.problems)} problem(s)") from None
        self.stdout.write(f"{counts['created']} created, {counts['updated']} updated")

    @transaction.atomic
    def _export(self, fmt: str, output: Path | None) -> None:
        rows = export_rows(Organisation.objects.all())
        content = to_xlsx(rows) if fmt == "xlsx" else to_csv(rows)
        audit.record("organisation.exported", actor=SYSTEM, changes={"format": fmt})
        if output is None:
            if fmt == "xlsx":
                raise CommandError("an XLSX export needs -o FILE")
            self.stdout.write(content.decode("utf-8"), ending="")
        else:
            output.write_bytes(content)
            self.stdout.write(f"{len(rows) - 1} organisations written to {output}")
