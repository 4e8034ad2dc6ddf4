from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.audit.models import AuditEntry
from lidhja.monitoring.domain.obligations import derive_obligations
from lidhja.monitoring.domain.periods import ensure_period, quarter_bounds
from lidhja.monitoring.models import (
    ImplementationStatus,
    Obligation,
    ProgressReport,
    ReportStatus,
)
from lidhja.organisations.domain.membership import members_of
from lidhja.plans.models import NodeAgency


def _expected(plan) -> set[tuple[int, int, str]]:
    """Independently of the service: every non-collective agency of every activity, and every
    active member of a class linked to it that has no link of its own (lead before partner)."""
    expected: dict[tuple[int, int], str] = {}
    links = NodeAgency.objects.filter(node__plan=plan, node__level="activity").select_related(
        "organisation"
    )
    for link in links:
        if not link.organisation.collective:
            expected[(link.node_id, link.organisation_id)] = link.role
    for link in sorted(links, key=lambda link: link.role):
        if link.organisation.collective:
            for member in members_of(link.organisation, plan):
                expected.setdefault((link.node_id, member.pk), link.role)
    return {(node, org, role) for (node, org), role in expected.items()}


@pytest.mark.django_db
def test_2009q1_obligations_are_derived_from_the_plan(seed_plan):
    period = ensure_period("2009Q1")
    stored = set(
        Obligation.objects.filter(period=period).values_list("node_id", "organisation_id", "role")
    )
    assert stored == _expected(seed_plan)
    # 678 own links and 2,855 members of classes (ALLACTORS 800, NGOS 528, IOS 479, RCATS 444,
    # LGU 264, NRMSIG 147, LINEMIN 82, ALLSTATE 69, SAPU 24, SHELTERS 8, DONORS 6, MEDIA 3,
    # PEA 1).
    assert len(stored) == 3533
    assert Obligation.objects.filter(period=period, via=None).count() == 678
    asp = Obligation.objects.get(
        period=period, node__chapter="prosecution", node__code="1.(a).1", organisation__code="ASP"
    )
    assert asp.role == "lead"
    # An activity due in mid 2010 is reported on from the start; classes of actors never
    # report themselves (their members do).
    assert asp.node.timeline_text == "Mid 2010"
    assert not Obligation.objects.filter(period=period, organisation__collective=True).exists()


@pytest.mark.django_db
def test_no_obligations_before_the_plan_starts(seed_plan):
    assert derive_obligations(seed_plan, ensure_period("2007Q4"), by=SYSTEM) == 0


@pytest.mark.django_db
def test_derivation_is_idempotent_and_audited_once(seed_plan):
    period = ensure_period("2009Q2")
    first = derive_obligations(seed_plan, period, by=SYSTEM)
    assert first == len(_expected(seed_plan))
    assert derive_obligations(seed_plan, period, by=SYSTEM) == 0
    entries = AuditEntry.objects.filter(
        action="monitoring.obligations_derived", object_id=str(period.pk)
    )
    assert [e.changes for e in entries] == [{"plan": "nap-2008-2010", "created": first}]


@pytest.mark.django_db
def test_an_activity_closed_in_an_accepted_report_owes_nothing_later(seed_plan):
    q1 = ensure_period("2009Q1")
    obligation = Obligation.objects.filter(period=q1).select_related("node").first()
    ProgressReport.objects.create(
        obligation=obligation,
        status=ReportStatus.ACCEPTED,
        implementation_status=ImplementationStatus.COMPLETED,
    )
    q2 = ensure_period("2009Q2")
    derive_obligations(seed_plan, q2, by=SYSTEM)
    assert not Obligation.objects.filter(period=q2, node=obligation.node).exists()
    still_open = Obligation.objects.filter(period=q1).exclude(node=obligation.node).first()
    assert Obligation.objects.filter(period=q2, node=still_open.node).exists()


def test_quarters_and_due_dates():
    assert quarter_bounds(2009, 1) == (date(2009, 1, 1), date(2009, 3, 31))
    assert quarter_bounds(2008, 4) == (date(2008, 10, 1), date(2008, 12, 31))


@pytest.mark.django_db
def test_due_date_is_configurable(settings):
    settings.LIDHJA_REPORT_DUE_DAYS = 30
    assert ensure_period("2011Q2").due_date == date(2011, 7, 30)


@pytest.mark.django_db
def test_cli_opens_a_period_and_refuses_bad_codes():
    out = StringIO()
    call_command("monitoring", "open-period", "2009Q1", "--plan", "nap-2008-2010", stdout=out)
    assert out.getvalue().strip() == "2009Q1 nap-2008-2010: 0 obligations derived"
    with pytest.raises(CommandError, match="not a period such as 2009Q1"):
        call_command("monitoring", "open-period", "2009-Q5")
    with pytest.raises(CommandError, match="no plan 'nope'"):
        call_command("monitoring", "open-period", "2009Q1", "--plan", "nope")


@pytest.mark.django_db
def test_onac_moves_a_due_date_and_others_cannot(client_for):
    url = reverse("monitoring:due_date", args=["2009Q1"])
    assert client_for("focal_asp").post(url, {"due_date": "2009-05-01"}).status_code == 403
    client_for("onac").post(url, {"due_date": "2009-03-01"})  # before the quarter ends: refused
    assert str(ensure_period("2009Q1").due_date) == "2009-04-15"
    assert client_for("onac").post(url, {"due_date": "2009-05-01"}).status_code == 302
    assert str(ensure_period("2009Q1").due_date) == "2009-05-01"
    entry = AuditEntry.objects.filter(action="monitoring.due_date_set").get()
    assert entry.changes == {"due_date": ["2009-04-15", "2009-05-01"]}
