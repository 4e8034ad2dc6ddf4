from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lidhja.audit.domain import services as audit
from lidhja.monitoring.domain.reporting import latest_period
from lidhja.monitoring.interfaces.documents import FORMATS, build_document
from lidhja.monitoring.models import ReportingPeriod
from lidhja.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Monitoring documents: `report quarterly --period 2009Q1 --lang sq --format pdf -o FILE`, "
        "`report midterm --plan PLAN [--period P] --format xlsx -o FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["quarterly", "midterm"])
        parser.add_argument("--plan", help="plan code (default: the newest plan)")
        parser.add_argument("--period", help="e.g. 2009Q1 (mid-term: default the latest)")
        parser.add_argument("--lang", choices=["en", "sq"], default="en")
        parser.add_argument("--format", choices=sorted(FORMATS), default="pdf")
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args, kind, plan, period, lang, format, output, **options):
        plan_obj = Plan.objects.filter(code=plan).first() if plan else Plan.objects.first()
        if plan_obj is None:
            raise CommandError(f"no plan {plan!r}" if plan else "no plan loaded")
        if period:
            period_obj = ReportingPeriod.objects.filter(code=period.upper()).first()
        elif kind == "midterm":
            period_obj = latest_period(plan_obj)
        else:
            raise CommandError("a quarterly report needs --period")
        if period_obj is None:
            raise CommandError(f"no reporting period {period or ''} has been opened")
        document = build_document(kind, format, plan=plan_obj, period=period_obj, lang=lang)
        output.write_bytes(document.content)
        with transaction.atomic():
            audit.record(
                "monitoring.document_exported",
                obj=period_obj,
                changes={"kind": kind, "format": format, "lang": lang, "plan": plan_obj.code},
            )
        self.stdout.write(f"wrote {output} ({len(document.content)} bytes)")
