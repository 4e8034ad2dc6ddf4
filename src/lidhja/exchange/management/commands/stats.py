"""`lidhja stats`: exchange with UNODC and CTDC.

lidhja stats import-unodc FILE [--series unodc-glotip]
lidhja stats compare --country ALB --from 2008 --to 2010 [--format csv|json] [-o FILE]
lidhja stats export --standard glotip --year 2009 [--format xlsx|csv] -o FILE
lidhja stats export --standard ctdc -o FILE.csv
"""

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.accounts.domain.errors import DomainError
from lidhja.exchange.domain import ctdc, figures, services
from lidhja.exchange.domain.comparison import MAX_YEARS, compare, unpublished_years
from lidhja.exchange.domain.reference import UNODC_SERIES
from lidhja.exchange.interfaces import exporters
from lidhja.exchange.interfaces.reading import (
    ReferenceFileError,
    UnreadableFile,
    read_reference_file,
)


class Command(BaseCommand):
    help = (
        "Exchange with UNODC and CTDC: `stats import-unodc FILE`, `stats compare --country ALB "
        "--from 2008 --to 2010`, `stats export --standard glotip|ctdc`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser(
            "import-unodc", help="load UNODC's GLOTIP data file (XLSX or CSV) as a reference series"
        )
        imp.add_argument("file", type=Path)
        imp.add_argument("--series", default=UNODC_SERIES, help="series to replace")
        cmp = sub.add_parser("compare", help="Lidhja's figures beside UNODC's published ones")
        cmp.add_argument("--country", required=True, help="ISO 3166-1 alpha-3 code, e.g. ALB")
        cmp.add_argument("--from", dest="first", type=int, required=True)
        cmp.add_argument("--to", dest="last", type=int, required=True)
        cmp.add_argument("--format", choices=["csv", "json"], default="csv")
        cmp.add_argument("-o", "--output", type=Path)
        exp = sub.add_parser("export", help="Lidhja's figures for UNODC (glotip) or CTDC (ctdc)")
        exp.add_argument("--standard", choices=["glotip", "ctdc"], required=True)
        exp.add_argument("--year", type=int, help="the year (glotip)")
        exp.add_argument("--format", choices=["xlsx", "csv"], help="glotip: xlsx (default) or csv")
        exp.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args, subcommand, **options):
        handler: dict[str, Callable[..., None]] = {
            "import-unodc": self._import,
            "compare": self._compare,
            "export": self._export,
        }
        try:
            handler[subcommand](**options)
        except DomainError as exc:
            raise CommandError(str(exc)) from None

    def _import(self, file: Path, series: str, **_):
        try:
            validate_slug(series)
            if len(series) > 32:
                raise ValidationError("too long")
        except ValidationError:
            raise CommandError(f"--series: not a slug: {series!r}") from None
        try:
            found = read_reference_file(file)
        except UnreadableFile as exc:
            raise CommandError(f"nothing imported: {exc}") from None
        except ReferenceFileError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{file.name} {problem}")
            raise CommandError(f"nothing imported: {len(exc.problems)} problem(s)") from None
        batch = services.import_reference(
            series, found.rows, by=SYSTEM, file_name=found.name, sha256=found.sha256
        )
        countries = batch.values.values("iso3").distinct().count()
        self.stdout.write(
            f"imported {batch.rows} values for {countries} countries into series {series} "
            "(replacing its previous import, if any)"
        )

    def _compare(self, country: str, first: int, last: int, format: str, output, **_):
        if len(country) != 3 or not country.isalpha():
            raise CommandError("--country: give an ISO 3166-1 alpha-3 code, e.g. ALB")
        if first > last or last - first >= MAX_YEARS:
            raise CommandError(f"--from/--to: give at most {MAX_YEARS} years, --from first")
        rows = compare(country, first, last)
        data = (exporters.comparison_csv if format == "csv" else exporters.comparison_json)(rows)
        self._write(data, output)
        missing = unpublished_years(rows)
        if country.upper() == settings.LIDHJA_COUNTRY and missing:
            self.stderr.write(
                "not published in Lidhja (its column is empty): " + ", ".join(map(str, missing))
            )

    def _export(self, standard: str, year: int | None, format: str | None, output: Path, **_):
        if standard == "glotip":
            if year is None:
                raise CommandError("--year: the glotip export is for one year")
            if not figures.is_published(year):
                raise CommandError(
                    f"--year: {year} is not published in Lidhja: publish its four quarters and "
                    "the year first (the figures are the published ones)"
                )
            format = format or "xlsx"
            rows = exporters.glotip_rows(year)
            data = (
                exporters.glotip_xlsx(rows, year)
                if format == "xlsx"
                else exporters.glotip_csv(rows)
            )
            details = {"year": year, "format": format, "rows": len(rows)}
        else:
            if format not in (None, "csv"):
                raise CommandError("--format: the ctdc export is CSV")
            result = ctdc.anonymised()
            data = exporters.ctdc_csv(result)
            details = {
                "rows": len(result.rows),
                "k": _k(),
                "levels": result.levels,
                "locally_generalised": result.locally_generalised,
                "suppressed": result.suppressed,
            }
            self.stderr.write(
                f"{len(result.rows)} records, k = {_k()}; generalised: "
                + ", ".join(f"{c} level {n}" for c, n in result.levels.items() if n)
                + f"; {result.locally_generalised} records with values blanked, "
                f"{result.suppressed} left out"
            )
        services.record_export(standard, details, by=SYSTEM)
        self._write(data, output)
        self.stdout.write(f"wrote {output}")

    def _write(self, data: bytes, output: Path | None) -> None:
        if output is None:
            self.stdout.write(data.decode("utf-8"), ending="")
        else:
            output.write_bytes(data)


def _k() -> int:
    return int(settings.LIDHJA_CTDC_K)
