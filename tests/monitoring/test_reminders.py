from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.accounts.models import Role, User
from lidhja.audit.models import AuditEntry
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.monitoring.domain.reminders import kind_for, message, queue_reminders
from lidhja.monitoring.domain.reporting import at_risk_activities
from lidhja.monitoring.models import Obligation, Reminder
from lidhja.plans.models import PlanNode
from tests.conftest import PASSWORD


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
    assert asp.language == "en"  # a focal point who never chose reads the site's language
    assert (
        asp.outstanding
        == Obligation.objects.filter(period=period, organisation__code="ASP").count()
    )
    assert [m.to for m in mail.outbox] == [["focal@asp.example"]]
    assert "Q1 2009" in mail.outbox[0].subject
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


def _focal_points(languages):
    """ASP's focal point reads Albanian; a colleague reads English."""
    User.objects.filter(username="asp.focal").update(email="a@asp.example", language="sq")
    from lidhja.organisations.models import Organisation

    User.objects.create(
        username="asp.focal.en",
        email="b@asp.example",
        organisation=Organisation.objects.get(code="ASP"),
        role=Role.FOCAL_POINT,
        language=languages,
    )


@pytest.mark.django_db(transaction=False)
def test_each_focal_point_reads_the_reminder_in_their_own_language(
    django_capture_on_commit_callbacks,
):
    _focal_points("en")
    period = ensure_period("2009Q1")
    owed = Obligation.objects.filter(period=period, organisation__code="ASP").count()
    with django_capture_on_commit_callbacks(execute=True), translation.override("sq"):
        queue_reminders(period, by=SYSTEM, today=date(2009, 5, 1))  # the sender reads Albanian
    sent = {tuple(m.to): (m.subject, m.body) for m in mail.outbox}
    assert sent == {
        ("a@asp.example",): (
            f"Lidhja: {owed} raporte progresi për T1 2009 kanë kaluar afatin",
            "Ju lutemi dorëzoni në Lidhja raportet e progresit të organizatës suaj për "
            f"T1 2009 (afati: 15 prill 2009). Raporte të padorëzuara: {owed}.",
        ),
        ("b@asp.example",): (
            f"Lidhja: {owed} progress reports for Q1 2009 are overdue",
            "Please submit your organisation's progress reports for Q1 2009 in Lidhja "
            f"(due by 15 April 2009). Reports outstanding: {owed}.",
        ),
    }
    assert list(
        Reminder.objects.filter(organisation__code="ASP")
        .order_by("language")
        .values_list("language", "recipients")
    ) == [("en", ["b@asp.example"]), ("sq", ["a@asp.example"])]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "subject"),
    [
        ("en", "Lidhja: 1 progress report for Q1 2009 is due by 15 April 2009"),
        ("sq", "Lidhja: 1 raport progresi për T1 2009 duhet dorëzuar deri më 15 prill 2009"),
    ],
)
def test_a_due_soon_reminder_for_one_report(lang, subject):
    period = ensure_period("2009Q1")
    assert message(period, 1, "due_soon", lang)[0] == subject


@pytest.mark.django_db
def test_the_language_switch_remembers_the_users_choice(client_for, persona):
    client = client_for("focal_asp")
    response = client.post(reverse("set_language"), {"language": "sq", "next": "/"})
    assert response.status_code == 302 and client.cookies["lidhja_language"].value == "sq"
    assert persona("focal_asp").language == "sq"
    entry = AuditEntry.objects.filter(action="user.language_chosen").get()
    assert (entry.actor_label, entry.changes) == ("asp.focal", {"language": ["", "sq"]})
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert persona("focal_asp").language == "sq"


@pytest.mark.django_db
def test_a_first_sign_in_remembers_the_language_the_pages_were_shown_in(client, persona):
    client.cookies["lidhja_language"] = "sq"
    response = client.post(
        reverse("accounts:login"), {"username": "asp.focal", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert persona("focal_asp").language == "sq"
