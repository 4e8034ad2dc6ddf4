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
        "`report midterm --plan PLAN [--period P] --format xlsx -o FILE`, "
        "`report statistics --period 2009Q1 --lang sq --format pdf -o FILE` (the joint "
        "three-monthly statistical report; publishes the period first if it is not yet)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["quarterly", "midterm", "statistics"])
        parser.add_argument("--plan", help="plan code (default: the newest plan)")
        parser.add_argument("--period", help="e.g. 2009Q1 (mid-term: default the latest)")
        parser.add_argument("--lang", choices=["en", "sq"], default="en")
        parser.add_argument("--format", choices=sorted(FORMATS), default="pdf")
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args, kind, plan, period, lang, format, output, **options):
        if kind == "statistics":
            return self._statistics(period, lang, format, output)
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

    def _statistics(self, period, lang, format, output) -> None:
        # National statistics live in the publication app, above monitoring: imported here only.
        from django.core.exceptions import ValidationError

        from lidhja.accounts.domain.errors import DomainError
        from lidhja.publication.interfaces.report import statistics_report

        if not period:
            raise CommandError("a statistical report needs --period (2009Q1, or 2009)")
        try:
            written = statistics_report(period, lang, format)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        if written.published_now:
            self.stdout.write(f"published {period.upper()} (its figures are frozen from now on)")
        output.write_bytes(written.download.content)
        self.stdout.write(f"wrote {output} ({len(written.download.content)} bytes)")
