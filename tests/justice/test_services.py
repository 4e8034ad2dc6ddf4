"""The justice services: registration, defendants with sealed identities, stages in order,
assets in exact lek, victim links by format only; each version-checked and audited."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from lidhja.accounts.domain.errors import NotFound, PermissionDenied, StaleObject
from lidhja.audit.models import AuditEntry
from lidhja.justice.domain import reading, services
from lidhja.justice.domain.offences import in_force
from lidhja.justice.models import AssetRecord, Defendant, Proceeding, Stage, VictimLink
from tests.justice.helpers import asset, convict, defendant, fresh, register, stage

pytestmark = pytest.mark.django_db


def test_setup_loads_the_trafficking_articles_as_data():
    table = in_force(date(2009, 1, 1))
    articles = list(table.offences.values_list("article", "trafficking"))
    assert articles == [
        ("110/a", True), ("114/b", True), ("128/b", True), ("114", False), ("114/a", False),
        ("124/b", False), ("117", False), ("298", False),
    ]  # fmt: skip
    assert table.valid_from == date(2008, 1, 21)
    assert in_force(date(2007, 12, 31)) is None


def test_a_proceeding_is_registered_for_the_users_office_with_a_code(persona):
    prosecutor = persona("prosecutor")
    p = register(prosecutor, offences=["110/a", "128/b"])
    assert re.fullmatch(r"P-[A-Z2-9]{8}", p.code)
    assert p.office.code == "GPO"
    assert sorted(p.offences.values_list("article", flat=True)) == ["110/a", "128/b"]
    assert list(p.stages.values_list("kind", "on")) == [("reported", date(2026, 1, 10))]
    entry = AuditEntry.objects.get(action="justice.proceeding_registered", object_id=str(p.pk))
    assert entry.changes == {"office": "GPO", "offences": ["110/a", "128/b"]}


def test_an_article_outside_the_table_in_force_is_refused_and_nothing_is_made(persona):
    with pytest.raises(ValidationError) as caught:
        register(persona("prosecutor"), offences=["110/a", "999"])
    assert list(caught.value.message_dict) == ["offences"]
    assert "999" in caught.value.message_dict["offences"][0]
    assert Proceeding.objects.count() == 0


@pytest.mark.parametrize("who", ["onac", "observer", "sysadmin", "social_tirana", "focal_asp"])
def test_roles_without_justice_rights_cannot_register(persona, who):
    with pytest.raises(PermissionDenied):
        register(persona(who))
    assert Proceeding.objects.count() == 0


def test_the_identity_of_a_defendant_is_sealed_and_read_only_with_an_audit_entry(persona):
    prosecutor = persona("prosecutor")
    p = register(prosecutor)
    d = defendant(
        p, prosecutor, given_name="Zanzibarina", date_of_birth=date(2000, 5, 1),
        document_number="ZX998877", sex="female", citizenship="al",
    )  # fmt: skip
    assert (d.sex, d.citizenship, d.age_band) == ("female", "AL", "25-34")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM justice_defendant")
        raw = repr(cursor.fetchall())
    assert "Zanzibarina" not in raw and "ZX998877" not in raw and "2000-05-01" not in raw
    added = AuditEntry.objects.get(action="justice.defendant_added")
    assert "Zanzibarina" not in repr(added.changes)
    assert added.changes["identity"] == [
        "date_of_birth", "document_number", "family_name", "given_name",
    ]  # fmt: skip
    _p, shown = reading.reveal_defendants(prosecutor, p.code)
    assert shown == [
        (d.code, {"given_name": "Zanzibarina", "family_name": "Defendantson",
                  "date_of_birth": "2000-05-01", "document_number": "ZX998877"}),
    ]  # fmt: skip
    viewed = AuditEntry.objects.get(action="justice.defendants_viewed")
    assert viewed.changes == {"defendants": [d.code]}


def test_another_office_neither_sees_nor_changes_the_proceeding(persona):
    p = register(persona("prosecutor"))
    investigator = persona("investigator")
    with pytest.raises(NotFound):
        reading.view_proceeding(investigator, p.code)
    with pytest.raises(NotFound):
        services.record_stage(
            p, by=investigator, version=p.version,
            values={"kind": "investigation", "on": date(2026, 1, 11), "outcome": "opened"},
        )  # fmt: skip
    assert p.stages.count() == 1


def test_a_stale_version_is_refused_and_changes_nothing(persona):
    prosecutor = persona("prosecutor")
    p = register(prosecutor)
    stale = p.version
    stage(p, prosecutor, "investigation", date(2026, 1, 12), outcome="opened")
    entries = AuditEntry.objects.count()
    with pytest.raises(StaleObject):
        services.record_asset(
            p, by=prosecutor, version=stale,
            values={"kind": "seized", "amount_lek": Decimal("10.00"), "on": date(2026, 1, 12)},
        )  # fmt: skip
    assert AssetRecord.objects.count() == 0
    assert AuditEntry.objects.count() == entries


def test_stages_follow_their_order_and_a_sentence_goes_with_a_conviction(persona):
    prosecutor = persona("prosecutor")
    p = register(prosecutor)
    d = defendant(p, prosecutor)
    stage(p, prosecutor, "indictment", date(2026, 2, 1), defendant=d)
    with pytest.raises(ValidationError) as caught:
        stage(p, prosecutor, "arrest", date(2026, 2, 2), defendant=d)
    assert list(caught.value.message_dict) == ["kind"]
    with pytest.raises(ValidationError) as caught:
        stage(p, prosecutor, "first_instance", date(2026, 1, 20), defendant=d, outcome="convicted")
    assert list(caught.value.message_dict) == ["on"]
    with pytest.raises(ValidationError) as caught:
        stage(p, prosecutor, "first_instance", date(2026, 3, 1), defendant=d,
              outcome="acquitted", prison_months=12)  # fmt: skip
    assert list(caught.value.message_dict) == ["prison_months"]
    with pytest.raises(ValidationError) as caught:
        stage(p, prosecutor, "arrest", date(2026, 3, 1))
    assert list(caught.value.message_dict) == ["defendant"]
    assert list(p.stages.values_list("kind", flat=True)) == ["reported", "indictment"]


def test_the_proceeding_closes_when_every_defendant_has_a_final_decision(persona):
    prosecutor = persona("prosecutor")
    p = register(prosecutor)
    first, second = defendant(p, prosecutor), defendant(p, prosecutor, role="exploiter")
    convict(p, prosecutor, first, date(2026, 3, 1), months=96, fine_lek=Decimal("250000.50"))
    p.refresh_from_db()
    assert (p.stage, p.closed_on) == ("final", None)
    stage(p, prosecutor, "first_instance", date(2026, 3, 2), defendant=second, outcome="sent_back")
    stage(p, prosecutor, "first_instance", date(2026, 4, 2), defendant=second, outcome="acquitted")
    stage(p, prosecutor, "final", date(2026, 5, 2), defendant=second, outcome="acquitted")
    p.refresh_from_db()
    assert p.closed_on == date(2026, 5, 2)
    with pytest.raises(services.WrongState):
        stage(p, prosecutor, "appeal", date(2026, 5, 3), defendant=second, outcome="other")
    final = Stage.objects.get(defendant=first, kind="final")
    assert (final.prison_months, final.fine_lek) == (96, Decimal("250000.50"))
    parts = reading.parts_of(p)
    assert [(d["code"], d["final_outcome"], d["sentence"]) for d in parts["defendants"]] == [
        (first.code, "convicted",
         {"prison_months": 96, "fine_lek": Decimal("250000.50"), "suspended": False}),
        (second.code, "acquitted", None),
    ]  # fmt: skip


def test_amounts_are_exact_decimals_and_the_special_fund_is_bounded(persona):
    prosecutor = persona("prosecutor")
    p = register(prosecutor)
    asset(p, prosecutor, "confiscated", "1000000.10")
    asset(p, prosecutor, "confiscated", "0.20")
    asset(p, prosecutor, "special_fund", "500000.15")
    with pytest.raises(ValidationError) as caught:
        asset(p, prosecutor, "special_fund", "500000.16")
    assert list(caught.value.message_dict) == ["amount_lek"]
    with pytest.raises(ValidationError):
        asset(p, prosecutor, "compensation_paid", "1.00")  # nothing ordered yet
    totals = reading.parts_of(p)["asset_totals"]
    assert totals["confiscated"] == Decimal("1000000.30")
    assert totals["special_fund"] == Decimal("500000.15")
    assert totals["seized"] == Decimal(0)


def test_a_victim_is_linked_by_code_format_only_whether_or_not_the_case_exists(persona):
    prosecutor = persona("prosecutor")
    p = register(prosecutor)
    services.link_victim(
        p, by=prosecutor, version=fresh(p), values={"case_code": "c-abcdefgh", "role": "witness"}
    )
    link = VictimLink.objects.get()
    assert (link.case_code, link.role, link.status) == ("C-ABCDEFGH", "witness", "pending")
    with pytest.raises(ValidationError) as caught:
        services.link_victim(
            p, by=prosecutor, version=fresh(p), values={"case_code": "C-1", "role": "witness"}
        )
    assert list(caught.value.message_dict) == ["case_code"]
    assert reading.parts_of(p)["victims"] == [
        {"case_code": "C-ABCDEFGH", "role": "witness", "status": "pending"}
    ]


def test_every_defendant_row_is_bound_to_its_own_context(persona):
    prosecutor = persona("prosecutor")
    p = register(prosecutor)
    a, b = defendant(p, prosecutor, given_name="Alpha"), defendant(p, prosecutor)
    Defendant.objects.filter(pk=b.pk).update(sealed_identity=a.sealed_identity)
    b.refresh_from_db()
    from lidhja.cases.domain.crypto import Tampered

    with pytest.raises(Tampered):
        services.identity_of(b)
