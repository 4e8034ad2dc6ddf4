import sys
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.audit.domain import services as audit
from lidhja.plans.interfaces.exporters import EXPORTERS
from lidhja.plans.interfaces.importing import import_plan_file
from lidhja.plans.interfaces.readers import UnreadableFile
from lidhja.plans.interfaces.validation import PlanImportError
from lidhja.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Plan registry: `plan import FILE`, `plan export --plan CODE --format json|csv|xlsx`, "
        "`plan list`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="import a plan (YAML file or folder, CSV, XLSX, JSON)")
        imp.add_argument("file", type=Path)
        imp.add_argument("--code", help="plan code (for CSV/XLSX/JSON files without plan data)")
        imp.add_argument("--title")
        imp.add_argument("--title-sq")
        imp.add_argument("--start-year", type=int)
        imp.add_argument("--end-year", type=int)
        exp = sub.add_parser("export", help="export a plan")
        exp.add_argument("--plan", help="plan code (default: the only or newest plan)")
        exp.add_argument("--format", choices=sorted(EXPORTERS), default="json")
        exp.add_argument(
            "-o", "--output", type=Path, help="file to write (default: standard output)"
        )
        sub.add_parser("list", help="list plans")

    def handle(self, *args, subcommand, **options):
        handler: dict[str, Callable[..., None]] = {
            "import": self._import,
            "export": self._export,
            "list": self._list,
        }
        handler[subcommand](**options)

    def _import(self, file, code, title, title_sq, start_year, end_year, **_):
        overrides = {
            "code": code,
            "title": title,
            "title_sq": title_sq,
            "start_year": start_year,
            "end_year": end_year,
        }
        try:
            plan = import_plan_file(file, by=SYSTEM, overrides=overrides)
        except UnreadableFile as exc:
            raise CommandError(f"nothing imported: {exc}") from None
        except PlanImportError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"nothing imported: {len(exc.problems)} problem(s)") from None
        flagged = plan.nodes.filter(timeline_status="flagged").count()
        self.stdout.write(
            f"imported plan {plan.code}: {plan.nodes.count()} items, "
            f"{flagged} timeline(s) flagged for a person to fix"
        )

    def _export(self, plan, format, output, **_):
        chosen = Plan.objects.filter(code=plan).first() if plan else Plan.objects.first()
        if chosen is None:
            raise CommandError(f"no plan {plan!r}" if plan else "no plan in the database")
        data = EXPORTERS[format](chosen)
        with transaction.atomic():
            audit.record("plan.exported", obj=chosen, changes={"format": format})
        if output:
            output.write_bytes(data)
        elif format == "xlsx":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            self.stdout.write(data.decode("utf-8"), ending="")

    def _list(self, **_):
        for plan in Plan.objects.all():
            self.stdout.write(f"{plan.code}\t{plan.start_year}-{plan.end_year}\t{plan.title}")
