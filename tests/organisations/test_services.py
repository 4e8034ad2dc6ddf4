"""The registry's services: create, edit, deactivate and reactivate, merge."""

import pytest
from django.core.exceptions import ValidationError

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.accounts.models import User
from lidhja.audit.models import AuditEntry
from lidhja.monitoring.domain.obligations import derive_obligations
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.monitoring.models import Obligation, ProgressReport
from lidhja.organisations.domain import services
from lidhja.organisations.domain.merging import MergeRefused
from lidhja.organisations.models import Organisation
from lidhja.plans.models import NodeAgency, PlanNode

NEW = {"name": "Municipality of Sarandë", "name_sq": "Bashkia Sarandë", "kind": "state"}


def _org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def _create(by, code="MUN-SR", **values):
    return services.create_organisation(
        code=code,
        values={**NEW, "level": "local", "qark": "vlore", **values},
        member_of=[_org("LGU"), _org("SAPU")],
        by=by,
    )


@pytest.mark.django_db
def test_create_and_edit_are_audited(persona):
    onac = persona("onac")
    org = _create(onac, parent=_org("MUN-VL"))
    assert (org.parent.code, sorted(org.member_of.values_list("code", flat=True))) == (
        "MUN-VL",
        ["LGU", "SAPU"],
    )
    entry = AuditEntry.objects.get(action="organisation.created", object_id=str(org.pk))
    assert entry.changes["member_of"] == ["LGU", "SAPU"]
    org = services.update_organisation(
        org, version=1, values={"name_sq": "Bashkia Saranda"}, by=onac
    )
    assert org.version == 2
    updated = AuditEntry.objects.get(action="organisation.updated", object_id=str(org.pk))
    assert updated.changes == {"name_sq": ["Bashkia Sarandë", "Bashkia Saranda"]}


@pytest.mark.django_db
def test_a_stale_edit_is_refused_and_changes_nothing(persona):
    onac = persona("onac")
    asp = _org("ASP")
    services.update_organisation(asp, version=asp.version, values={"abbreviation": "ASP"}, by=onac)
    with pytest.raises(StaleObject):
        services.update_organisation(asp, version=asp.version, values={"name": "X"}, by=onac)
    assert _org("ASP").name == "Albanian State Police"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["focal_asp", "observer", "rcat", "secretary"])
def test_only_onac_and_the_administrator_may_change_the_registry(persona, who):
    user = persona(who)
    with pytest.raises(PermissionDenied):
        _create(user)
    with pytest.raises(PermissionDenied):
        services.set_active(_org("ASP"), False, version=1, by=user)
    with pytest.raises(PermissionDenied):
        services.merge_organisation(_org("BKTF"), _org("TDH"), version=1, by=user)
    assert not Organisation.objects.filter(code="MUN-SR").exists()
    assert _create(persona("sysadmin")).code == "MUN-SR"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "values", "member_of", "field"),
    [
        ("mun sr", {}, [], "code"),
        ("ASP", {}, [], "code"),
        ("MUN-SR", {"kind": "church"}, [], "kind"),
        ("MUN-SR", {}, ["ASP"], "member_of"),
        ("MUN-SR", {"collective": True}, [], "membership"),
        ("MUN-SR", {"membership": "kind"}, [], "membership"),
    ],
)
def test_bad_values_name_the_field(persona, code, values, member_of, field):
    with pytest.raises(ValidationError) as caught:
        services.create_organisation(
            code=code,
            values={**NEW, "level": "local", **values},
            member_of=[_org(c) for c in member_of],
            by=persona("onac"),
        )
    assert field in caught.value.message_dict
    assert not Organisation.objects.filter(name=NEW["name"]).exists()


@pytest.mark.django_db
def test_a_parent_loop_is_refused(persona):
    asp = _org("ASP")
    with pytest.raises(ValidationError) as caught:
        services.update_organisation(
            asp, version=asp.version, values={"parent": _org("BMP")}, by=persona("onac")
        )
    assert "parent" in caught.value.message_dict


@pytest.mark.django_db
def test_deactivate_and_reactivate(persona):
    onac = persona("onac")
    rcat = services.set_active(_org("RCAT-KU"), False, version=1, by=onac)
    assert (rcat.is_active, rcat.version) == (False, 2)
    period = ensure_period("2009Q3")
    derive_obligations(PlanNode.objects.first().plan, period, by=SYSTEM)
    assert not Obligation.objects.filter(period=period, organisation=rcat).exists()
    rcat = services.set_active(rcat, True, version=2, by=onac)
    assert rcat.is_active
    assert list(
        AuditEntry.objects.filter(object_id=str(rcat.pk), action__startswith="organisation.")
        .order_by("seq")
        .values_list("action", flat=True)
    ) == [
        "organisation.created",
        "organisation.updated",
        "organisation.deactivated",
        "organisation.reactivated",
    ]


@pytest.mark.django_db
def test_merge_moves_every_reference_and_deactivates(persona):
    """NATCS merged into WV: users, plan links, obligations, classes, merged_into."""
    onac = persona("onac")
    bktf, tdh = _org("NATCS"), _org("WV")
    worker = User.objects.create(username="bktf.worker", organisation=bktf, role="service_provider")
    bktf_links = set(NodeAgency.objects.filter(organisation=bktf).values_list("node_id", flat=True))
    tdh_links = set(NodeAgency.objects.filter(organisation=tdh).values_list("node_id", flat=True))
    assert bktf_links and not (bktf_links & tdh_links)
    owed_before = Obligation.objects.filter(organisation__in=[bktf, tdh]).count()
    duplicates = Obligation.objects.filter(
        organisation=bktf,
        node__in=Obligation.objects.filter(organisation=tdh).values("node"),
        period__in=Obligation.objects.filter(organisation=tdh).values("period"),
    ).count()
    survivor = services.merge_organisation(bktf, tdh, version=bktf.version, by=onac)
    bktf.refresh_from_db()
    worker.refresh_from_db()
    assert (bktf.is_active, bktf.merged_into, worker.organisation) == (False, tdh, tdh)
    assert not NodeAgency.objects.filter(organisation=bktf).exists()
    assert set(
        NodeAgency.objects.filter(organisation=survivor).values_list("node_id", flat=True)
    ) == (bktf_links | tdh_links)
    assert not Obligation.objects.filter(organisation=bktf).exists()
    assert Obligation.objects.filter(organisation=tdh).count() == owed_before - duplicates
    assert not bktf.member_of.exists()
    entry = AuditEntry.objects.get(action="organisation.merged")
    assert entry.changes["merged_into"] == "WV"
    assert entry.changes["moved"]["accounts.user.organisation"] == 1


@pytest.mark.django_db
def test_merge_refused_on_a_collision_names_it_and_changes_nothing(persona):
    """Both are linked to the same activity in the plan: refused."""
    onac = persona("onac")
    bktf, tdh = _org("BKTF"), _org("TDH")
    # In the seed plan both are linked to some of the same activities.
    node = NodeAgency.objects.filter(organisation=bktf, node__agency_links__organisation=tdh)[
        0
    ].node
    with pytest.raises(MergeRefused) as caught:
        services.merge_organisation(bktf, tdh, version=bktf.version, by=onac)
    assert str(node) in str(caught.value)
    assert "BKTF" in str(caught.value)
    assert _org("BKTF").is_active
    assert NodeAgency.objects.filter(organisation=bktf, node=node).exists()


@pytest.mark.django_db
def test_merge_drops_an_untouched_duplicate_obligation_but_refuses_a_reported_one(persona):
    onac = persona("onac")
    # Two RCATs owe the same reports as members of RCATS: no plan link collides.
    ku, kr = _org("RCAT-KU"), _org("RCAT-KO")
    shared = Obligation.objects.filter(organisation=ku).first()
    ProgressReport.objects.create(obligation=shared)
    with pytest.raises(MergeRefused) as caught:
        services.merge_organisation(ku, kr, version=ku.version, by=onac)
    assert str(shared) in str(caught.value)
    ProgressReport.objects.filter(obligation=shared).delete()
    before = Obligation.objects.filter(organisation=kr).count()
    services.merge_organisation(ku, kr, version=ku.version, by=onac)
    assert Obligation.objects.filter(organisation=kr).count() == before
    assert not Obligation.objects.filter(organisation=ku).exists()
    moved = AuditEntry.objects.get(action="organisation.merged").changes["moved"]
    assert moved["monitoring.obligation.organisation (duplicates dropped)"] == before


@pytest.mark.django_db
def test_merge_checks_version_and_shape(persona):
    onac = persona("onac")
    with pytest.raises(StaleObject):
        services.merge_organisation(_org("BKTF"), _org("TDH"), version=99, by=onac)
    for merged, into in [("NGOS", "TDH"), ("ASP", "BMP"), ("ASP", "ASP")]:
        with pytest.raises(MergeRefused):
            services.merge_organisation(
                _org(merged), _org(into), version=_org(merged).version, by=onac
            )
    assert not AuditEntry.objects.filter(action="organisation.merged").exists()
