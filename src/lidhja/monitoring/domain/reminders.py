"""Reminders to agencies that have reports outstanding: queued in an outbox inside the
transaction, mailed after it commits, each at most once per period, organisation and kind."""

from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lidhja.accounts.domain.actors import Actor
from lidhja.accounts.models import Role, User
from lidhja.audit.domain import services as audit
from lidhja.core.figures import day
from lidhja.monitoring.domain.queries import compliance
from lidhja.monitoring.models import Reminder, ReminderKind, ReportingPeriod

DUE_SOON_DAYS = 7


def kind_for(period: ReportingPeriod, today: date) -> str | None:
    if today > period.due_date:
        return ReminderKind.OVERDUE
    if today >= period.due_date - timedelta(days=DUE_SOON_DAYS):
        return ReminderKind.DUE_SOON
    return None


def _message(period: ReportingPeriod, outstanding: int, kind: str) -> tuple[str, str]:
    with translation.override("sq"):  # the agencies' working language
        if kind == ReminderKind.OVERDUE:
            subject = _("Lidhja: %(count)d progress reports for %(period)s are overdue")
        else:
            subject = _("Lidhja: %(count)d progress reports for %(period)s are due by %(due)s")
        values = {"count": outstanding, "period": period.code, "due": day(period.due_date)}
        body = _(
            "Please submit your organisation's progress reports for %(period)s in Lidhja "
            "(reports due by %(due)s). Reports outstanding: %(count)d."
        )
        return subject % values, body % values


@transaction.atomic
def queue_reminders(
    period: ReportingPeriod, *, by: Actor, today: date | None = None
) -> list[Reminder]:
    today = today or timezone.localdate()
    kind = kind_for(period, today)
    if kind is None:
        return []
    queued = []
    for row in compliance(period):
        outstanding = row.unsubmitted
        if (
            not outstanding
            or Reminder.objects.filter(
                period=period, organisation=row.organisation, kind=kind
            ).exists()
        ):
            continue
        recipients = sorted(
            User.objects.filter(
                organisation=row.organisation, role=Role.FOCAL_POINT, is_active=True
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
        subject, body = _message(period, outstanding, kind)
        queued.append(
            Reminder.objects.create(
                period=period,
                organisation=row.organisation,
                kind=kind,
                recipients=recipients,
                subject=subject,
                body=body,
                outstanding=outstanding,
            )
        )
    if queued:
        audit.record(
            "monitoring.reminders_queued",
            actor=by,
            obj=period,
            changes={"kind": kind, "organisations": len(queued)},
        )
        transaction.on_commit(send_outbox)
    return queued


def send_outbox() -> int:
    """Mail every queued reminder that has recipients; returns how many were sent."""
    sent = 0
    for reminder in Reminder.objects.filter(sent_at__isnull=True).exclude(recipients=[]):
        send_mail(reminder.subject, reminder.body, None, reminder.recipients)
        Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
        sent += 1
    return sent
