from django.core.management.base import BaseCommand, CommandError

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.monitoring.domain.obligations import derive_obligations
from lidhja.monitoring.domain.periods import BadPeriod, ensure_period
from lidhja.monitoring.domain.queries import compliance
from lidhja.monitoring.domain.reminders import queue_reminders
from lidhja.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Monitoring: `monitoring open-period 2009Q1 [--plan CODE]` derives who owes which "
        "report; `monitoring compliance 2009Q1` prints reporting compliance per organisation."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        open_period = sub.add_parser("open-period", help="derive the obligations of a period")
        open_period.add_argument("period")
        open_period.add_argument("--plan", help="plan code (default: every plan)")
        report = sub.add_parser("compliance", help="reporting compliance of a period")
        report.add_argument("period")
        remind = sub.add_parser("remind", help="queue and mail reminders for outstanding reports")
        remind.add_argument("period")

    def handle(self, *args, subcommand, period, **options):
        try:
            period_obj = ensure_period(period)
        except BadPeriod as exc:
            raise CommandError(str(exc)) from None
        if subcommand == "open-period":
            self._open(period_obj, options.get("plan"))
        elif subcommand == "remind":
            queued = queue_reminders(period_obj, by=SYSTEM)
            self.stdout.write(f"{period_obj.code}: {len(queued)} reminders queued")
        else:
            self._compliance(period_obj)

    def _open(self, period, plan_code):
        plans = Plan.objects.filter(code=plan_code) if plan_code else Plan.objects.all()
        if not plans.exists():
            raise CommandError(f"no plan {plan_code!r}" if plan_code else "no plan loaded")
        for plan in plans:
            created = derive_obligations(plan, period, by=SYSTEM)
            self.stdout.write(f"{period.code} {plan.code}: {created} obligations derived")

    def _compliance(self, period):
        self.stdout.write("organisation\towed\ton_time\tlate\tunsubmitted\taccepted")
        for row in compliance(period):
            self.stdout.write(
                f"{row.organisation.code}\t{row.owed}\t{row.on_time}\t{row.late}\t"
                f"{row.unsubmitted}\t{row.accepted}"
            )
