"""Reminders to agencies that have reports outstanding: queued in an outbox inside the
transaction, mailed after it commits, each at most once per period, organisation and kind.

Each focal point reads the reminder in their own preferred language (`User.language`; the
site's default language where they never chose one), with dates written as that language
writes them: the recipients of an organisation are grouped by language, one message each.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import ngettext, pgettext

from lidhja.accounts.domain.actors import Actor
from lidhja.accounts.models import Role, User
from lidhja.audit.domain import services as audit
from lidhja.core.figures import count, day
from lidhja.monitoring.domain.queries import compliance
from lidhja.monitoring.models import Reminder, ReminderKind, ReportingPeriod
from lidhja.organisations.models import Organisation

DUE_SOON_DAYS = 7


def kind_for(period: ReportingPeriod, today: date) -> str | None:
    if today > period.due_date:
        return ReminderKind.OVERDUE
    if today >= period.due_date - timedelta(days=DUE_SOON_DAYS):
        return ReminderKind.DUE_SOON
    return None


def quarter(period: ReportingPeriod) -> str:
    """The period as the active language names a quarter: "Q1 2009", "T1 2009"."""
    return pgettext("a quarter of a year", "Q%(quarter)d %(year)d") % {
        "quarter": period.quarter,
        "year": period.year,
    }


def message(period: ReportingPeriod, outstanding: int, kind: str, language: str) -> tuple[str, str]:
    """(subject, body) of a reminder, in `language`."""
    with translation.override(language):
        values = {
            "count": count(outstanding),
            "period": quarter(period),
            "due": day(period.due_date),
        }
        if kind == ReminderKind.OVERDUE:
            subject = ngettext(
                "Lidhja: %(count)s progress report for %(period)s is overdue",
                "Lidhja: %(count)s progress reports for %(period)s are overdue",
                outstanding,
            )
        else:
            subject = ngettext(
                "Lidhja: %(count)s progress report for %(period)s is due by %(due)s",
                "Lidhja: %(count)s progress reports for %(period)s are due by %(due)s",
                outstanding,
            )
        body = ngettext(
            "Please submit your organisation's progress report for %(period)s in Lidhja "
            "(due by %(due)s). Reports outstanding: %(count)s.",
            "Please submit your organisation's progress reports for %(period)s in Lidhja "
            "(due by %(due)s). Reports outstanding: %(count)s.",
            outstanding,
        )
        return subject % values, body % values


def recipients_by_language(organisation: Organisation) -> dict[str, list[str]]:
    """The organisation's active focal points' addresses, by the language each reads."""
    grouped: dict[str, list[str]] = defaultdict(list)
    known = {code for code, _name in settings.LANGUAGES}
    focal_points = (
        User.objects.filter(organisation=organisation, role=Role.FOCAL_POINT, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", "language")
    )
    for email, language in focal_points:
        grouped[language if language in known else settings.LANGUAGE_CODE].append(email)
    return dict(sorted(grouped.items())) or {settings.LANGUAGE_CODE: []}


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
        for language, recipients in recipients_by_language(row.organisation).items():
            subject, body = message(period, outstanding, kind, language)
            queued.append(
                Reminder.objects.create(
                    period=period,
                    organisation=row.organisation,
                    kind=kind,
                    language=language,
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
            changes={"kind": kind, "organisations": len({r.organisation_id for r in queued})},
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
