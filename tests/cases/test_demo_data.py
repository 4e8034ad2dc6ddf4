import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

from lidhja.accounts.models import Role, User
from lidhja.audit.models import AuditEntry
from lidhja.cases.domain import crypto, services
from lidhja.cases.management.commands.demo_data import demo_cases, real_cases
from lidhja.cases.models import (
    Case,
    CaseEvent,
    EventKind,
    FollowUpVisit,
    Guardian,
    JusticeRecord,
    PlanStep,
    Referral,
    StayPermit,
)
from lidhja.cases.models.choices import (
    CaseKind,
    CaseStatus,
    ClosureReason,
    EscalationLevel,
    PermitKind,
    PlanKind,
    ReferralDirection,
    ReferralStatus,
    ServiceKind,
    Stage,
)
from lidhja.manage import resolve_aliases
from lidhja.monitoring.models import Obligation


def _load() -> str:
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


def _printed_users(output: str) -> dict[str, tuple[str, str, str]]:
    rows = [line.split() for line in output.splitlines() if line.startswith("demo.")]
    return {name: (role, org, password) for name, role, org, password in rows}


@pytest.mark.django_db
def test_demo_data_fills_every_stage(client):
    output = _load()

    users = _printed_users(output)
    assert {role for role, _org, _password in users.values()} == set(Role)
    for username, (role, org, password) in users.items():
        user = User.objects.get(username=username)
        assert (user.role, user.organisation.code, user.must_change_password) == (role, org, False)
        # django-axes needs the request to authenticate.
        request = RequestFactory().post("/")
        assert client.login(request=request, username=username, password=password), username
        client.logout()
    assert users["demo.social.shkoder"][1] == "MUN-SH"

    cases = demo_cases()
    assert cases.count() >= 20 and real_cases().count() == 0
    assert set(cases.values_list("status", flat=True)) == set(CaseStatus)
    assert set(cases.values_list("stage", flat=True)) == {Stage.OPEN, Stage.CLOSED}
    assert cases.filter(kind=CaseKind.AT_RISK).exists()
    assert cases.filter(managing_organisation__code="MUN-SH").count() >= 3
    assert set(cases.filter(stage=Stage.CLOSED).values_list("closure_reason", flat=True)) >= {
        ClosureReason.REINTEGRATED,
        ClosureReason.RETURNED,
        ClosureReason.REFUSED,
    }
    # Every case was opened by a demo user, through the services, with an audit entry each.
    opened = CaseEvent.objects.filter(kind=EventKind.OPENED)
    assert opened.count() == cases.count()
    assert all(e.actor.username.startswith("demo.") for e in opened.select_related("actor"))
    assert AuditEntry.objects.filter(action="case.opened").count() == cases.count()
    assert AuditEntry.objects.filter(action="case.demo_data").count() == 1

    to_deq = Referral.objects.filter(to_organisation__code="DEQ")
    assert set(to_deq.values_list("status", flat=True)) == set(ReferralStatus)
    declined = to_deq.get(status=ReferralStatus.DECLINED)
    assert crypto.open_text(declined.sealed_decline_reason, declined.context)
    ret = Referral.objects.filter(
        direction=ReferralDirection.OUTGOING, service=ServiceKind.RETURN
    ).first()
    assert ret.return_notice_on and ret.sealed_post_return_plan
    assert {PlanKind.RISK, PlanKind.RISK_MANAGEMENT} <= set(
        ret.case.plans.values_list("kind", flat=True)
    )
    plan_kinds = set(cases.values_list("plans__kind", flat=True))
    assert set(PlanKind) <= plan_kinds
    assert PlanStep.objects.filter(done_on__isnull=True, due_on__lt=timezone.localdate()).exists()
    assert PlanStep.objects.filter(done_on__isnull=False).exists()

    child = Guardian.objects.get().case
    assert child.is_child and child.plans.filter(kind=PlanKind.BEST_INTERESTS).exists()
    assert set(StayPermit.objects.values_list("kind", flat=True)) == set(PermitKind)
    assert StayPermit.objects.first().case.foreign_national
    witness = JusticeRecord.objects.get()
    assert witness.case.is_witness and witness.compensation_claimed > 0

    escalations = {(e.level, e.resolved_at is None) for e in services.Escalation.objects.all()}
    assert escalations == {(EscalationLevel.RCAT, True), (EscalationLevel.RA, False)}
    rcat = services.Escalation.objects.get(level=EscalationLevel.RCAT).case
    assert rcat.managing_organisation.qark == "tirane"

    assert FollowUpVisit.objects.filter(case__stage=Stage.CLOSED).count() >= 4
    # Histories are backdated, never in the future.
    first = CaseEvent.objects.order_by("at").first()
    assert first.at.date() < date.today()
    assert CaseEvent.objects.filter(at__gt=timezone.now()).count() == 0

    for status in CaseStatus:
        assert status.value in output

    # The plan's last quarter is opened, so the dashboard and the committees' homes have a
    # period; every committee owes its situation assessment in it.
    owed = Obligation.objects.filter(period__code="2010Q4")
    assert f"nap-2008-2010 2010Q4: {owed.count()} reporting obligations" in output
    assessment = owed.filter(node__chapter="coordination", node__code="2.(a).1.4")
    assert assessment.filter(via__code="RCATS", role="lead").count() == 12


@pytest.mark.django_db
def test_demo_data_second_run_does_nothing():
    _load()
    before = (Case.objects.count(), User.objects.count())
    output = _load()
    assert "already loaded" in output and "demo.ra" not in output
    assert (Case.objects.count(), User.objects.count()) == before


@pytest.mark.django_db
def test_demo_data_refuses_a_database_with_real_cases(persona):
    services.open_case(
        by=persona("social_tirana"),
        identity_values={"given_name": "Synthetic-real", "family_name": "Person"},
        details={
            "kind": CaseKind.TRAFFICKING,
            "identified_on": date(2024, 5, 1),
            "identification_source": "police",
            "minor_at_exploitation": False,
        },
        exploitation=["labour"],
        status=CaseStatus.POTENTIAL,
        criteria="first contact",
    )
    users, audits = User.objects.count(), AuditEntry.objects.count()

    with pytest.raises(CommandError, match="not demo data"):
        _load()

    assert Case.objects.count() == 1
    assert (User.objects.count(), AuditEntry.objects.count()) == (users, audits)
    assert not User.objects.filter(username__startswith="demo.").exists()


def test_hyphenated_command_name_is_an_alias():
    assert resolve_aliases(["lidhja", "demo-data", "--seed", "3"]) == [
        "lidhja",
        "demo_data",
        "--seed",
        "3",
    ]
    assert resolve_aliases(["lidhja", "help", "demo-data"])[2] == "demo_data"
    assert resolve_aliases(["lidhja", "cases", "rotate-key"])[2] == "rotate-key"
