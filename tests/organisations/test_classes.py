"""Classes of actors: who their members are, and the reports their members owe."""

from io import StringIO

import pytest
from django.core.management import call_command

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.monitoring.domain.obligations import derive_obligations, unowned_activities
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.monitoring.models import Obligation
from lidhja.organisations.domain.membership import classes_of, members_of
from lidhja.organisations.domain.seed import ensure_organisations, seed_rows
from lidhja.organisations.models import Organisation
from lidhja.plans.models import AgencyRole, NodeAgency, PlanNode

QARKS = ["BR", "DI", "DR", "EL", "FR", "GJ", "KO", "KU", "LE", "SH", "TR", "VL"]
RCATS = [f"RCAT-{q}" for q in QARKS]


def _codes(orgs) -> list[str]:
    return [o.code for o in orgs]


def _node(code: str, chapter: str = "coordination") -> PlanNode:
    return PlanNode.objects.get(plan__code="nap-2008-2010", chapter=chapter, code=code)


@pytest.mark.django_db
def test_members_by_each_rule():
    get = Organisation.objects.get
    assert _codes(members_of(get(code="RCATS"))) == RCATS
    assert _codes(members_of(get(code="SHELTERS"))) == ["DEQ", "NRCVT", "TJV", "VATRA"]
    assert _codes(members_of(get(code="DONORS"))) == ["EC", "USAID"]
    ngos = members_of(get(code="NGOS"))
    assert set(ngos.values_list("kind", flat=True)) == {"ngo"}
    assert ngos.count() == 14
    assert "ONAC" in _codes(members_of(get(code="ALLACTORS")))
    assert "OSCE" not in _codes(members_of(get(code="ALLSTATE")))
    assert members_of(get(code="ASP")).count() == 0  # not a class
    assert _codes(classes_of(get(code="MUN-TR"))) == [
        "ALLSTATE",
        "LGU",
        "SAPU",
    ]  # no link of its own
    assert _codes(classes_of(get(code="DEQ"))) == ["NGOS", "NRMSIG", "SHELTERS"]


@pytest.mark.django_db
def test_the_seed_gives_each_qark_seat_a_municipal_unit():
    units = Organisation.objects.filter(code__startswith="MUN-")
    assert sorted(units.values_list("qark", flat=True)) == sorted(
        Organisation.objects.filter(code__in=RCATS).values_list("qark", flat=True)
    )
    assert Organisation.objects.get(code="MUN-DI").name_sq.startswith("Bashkia Peshkopi")
    assert Organisation.objects.get(code="BMP").parent.code == "ASP"


@pytest.mark.django_db
def test_the_seed_fills_only_what_is_empty():
    deq = Organisation.objects.get(code="DEQ")
    deq.member_of.set([Organisation.objects.get(code="SHELTERS")])
    ngos = Organisation.objects.get(code="NGOS")
    Organisation.objects.filter(code="NGOS").update(membership="explicit", membership_kind="")
    assert ensure_organisations(seed_rows(), by=SYSTEM) == 0
    assert _codes(deq.member_of.all()) == ["SHELTERS"]  # ONAC's change is kept
    ngos.refresh_from_db()
    assert ngos.membership == "explicit"
    lone = Organisation.objects.get(code="MUN-BR")
    lone.member_of.clear()
    ensure_organisations(seed_rows(), by=SYSTEM)
    assert _codes(lone.member_of.all()) == ["LGU", "SAPU"]  # nothing left: filled in again


@pytest.mark.django_db
def test_every_rcat_owes_the_situation_assessment_in_2009q1():
    """After `lidhja monitoring open-period 2009Q1` (the test session runs it)."""
    call_command("monitoring", "open-period", "2009Q1", stdout=StringIO())
    owed = Obligation.objects.filter(
        period__code="2009Q1", node=_node("2.(a).1.4"), role=AgencyRole.LEAD
    ).select_related("organisation", "via")
    assert sorted(o.organisation.code for o in owed) == RCATS
    assert {o.via.code for o in owed} == {"RCATS"}


@pytest.mark.django_db
def test_an_own_link_wins_and_inactive_members_are_skipped():
    node = _node("2.(a).1.4")
    NodeAgency.objects.create(node=node, organisation_id=_org("RCAT-VL"), role=AgencyRole.PARTNER)
    Organisation.objects.filter(code="RCAT-KU").update(is_active=False)
    period = ensure_period("2009Q3")
    derive_obligations(node.plan, period, by=SYSTEM)
    rows = dict(
        Obligation.objects.filter(period=period, node=node)
        .filter(organisation__code__startswith="RCAT-")
        .values_list("organisation__code", "via__code")
    )
    assert "RCAT-KU" not in rows
    assert rows["RCAT-VL"] is None  # its own link, as a partner
    assert Obligation.objects.get(period=period, node=node, organisation__code="RCAT-VL").role == (
        AgencyRole.PARTNER
    )
    assert rows["RCAT-TR"] == "RCATS"
    assert len(rows) == 11


def _org(code: str) -> int:
    return Organisation.objects.get(code=code).pk


@pytest.mark.django_db
def test_a_member_of_two_classes_owes_once_as_lead_if_either_leads():
    node = _node("2.(a).1.4")
    # MUN-TR is in LGU (a partner of 2.(a).1.4); made a member of RCATS too, it leads.
    Organisation.objects.get(code="MUN-TR").member_of.add(Organisation.objects.get(code="RCATS"))
    period = ensure_period("2009Q4")
    derive_obligations(node.plan, period, by=SYSTEM)
    mun = Obligation.objects.get(period=period, node=node, organisation__code="MUN-TR")
    assert (mun.role, mun.via.code) == (AgencyRole.LEAD, "RCATS")


@pytest.mark.django_db
def test_unowned_activities_are_listed(seed_plan):
    assert [(n.chapter, n.code) for n in unowned_activities(seed_plan)] == [
        ("protection", "4.(b).1"),
        ("prevention", "2.(a).1"),
    ]
    # An activity led only by a class without active members is owed by no one.
    node = _node("2.(a).1.4")
    node.agency_links.all().delete()
    NodeAgency.objects.create(node=node, organisation_id=_org("RPD"), role=AgencyRole.LEAD)
    assert node in unowned_activities(seed_plan)
    NodeAgency.objects.create(node=node, organisation_id=_org("ASP"), role=AgencyRole.PARTNER)
    Organisation.objects.filter(code="ASP").update(is_active=False)
    assert node in unowned_activities(seed_plan)  # its only own organisation is inactive
    Organisation.objects.get(code="BMP").member_of.add(Organisation.objects.get(code="RPD"))
    assert node not in unowned_activities(seed_plan)
