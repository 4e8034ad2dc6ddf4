from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.accounts.models import User
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.monitoring.domain.reminders import kind_for, queue_reminders
from lidhja.monitoring.domain.reporting import at_risk_activities
from lidhja.monitoring.models import Obligation, Reminder
from lidhja.plans.models import PlanNode


def test_reminder_kinds_follow_the_due_date():
    class Period:
        due_date = date(2009, 4, 15)

    assert kind_for(Period, date(2009, 4, 1)) is None
    assert kind_for(Period, date(2009, 4, 8)) == "due_soon"
    assert kind_for(Period, date(2009, 4, 16)) == "overdue"


@pytest.mark.django_db(transaction=False)
def test_overdue_reminders_are_queued_once_and_mailed(django_capture_on_commit_callbacks):
    User.objects.filter(username="asp.focal").update(email="focal@asp.example")
    period = ensure_period("2009Q1")
    with django_capture_on_commit_callbacks(execute=True):
        queued = queue_reminders(period, by=SYSTEM, today=date(2009, 5, 1))
    organisations = {r.organisation.code for r in queued}
    assert organisations == set(
        Obligation.objects.filter(period=period).values_list("organisation__code", flat=True)
    )
    asp = Reminder.objects.get(organisation__code="ASP")
    assert asp.recipients == ["focal@asp.example"] and asp.sent_at is not None
    assert (
        asp.outstanding
        == Obligation.objects.filter(period=period, organisation__code="ASP").count()
    )
    assert [m.to for m in mail.outbox] == [["focal@asp.example"]]
    assert "2009Q1" in mail.outbox[0].subject
    # Organisations without a focal point's address stay in the outbox, unsent.
    assert Reminder.objects.filter(sent_at__isnull=True).count() == len(queued) - 1
    assert queue_reminders(period, by=SYSTEM, today=date(2009, 5, 2)) == []


@pytest.mark.django_db
def test_remind_command(capsys):
    call_command("monitoring", "remind", "2009Q1")
    assert capsys.readouterr().out.strip().startswith("2009Q1: ")
    assert Reminder.objects.filter(kind="overdue").exists()


@pytest.mark.django_db
def test_at_risk_activities_are_due_next_quarter(seed_plan):
    period = ensure_period("2009Q1")
    at_risk = {item.node.pk for item in at_risk_activities(seed_plan, period)}
    expected = set(
        PlanNode.objects.filter(
            plan=seed_plan,
            level="activity",
            due_end__gt=date(2009, 3, 31),
            due_end__lte=date(2009, 7, 1),
        ).values_list("pk", flat=True)
    )
    assert at_risk == expected and expected
