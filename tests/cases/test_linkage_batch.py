"""`lidhja persons link`: the batch linkage of the whole register with Splink on the stored
tokens proposes links for review, never confirms one, keeps earlier decisions, and leaves
erased persons out."""

from datetime import date

import pytest

from lidhja.audit.models import AuditEntry
from lidhja.cases.domain import linkage, matching, persons, services, tokens
from lidhja.cases.models import LinkStatus, PersonLink

REGISTER = [
    ("Erjona", "Xhafa", date(1992, 2, 11)),
    ("Erjona", "Džafa", date(1992, 2, 11)),  # a foreign romanisation (Xhafa)
    ("Xhafa", "Erjona", date(1992, 11, 2)),  # swapped names, day and month swapped
    ("Erjona", "Xhafa", date(1963, 8, 30)),  # the same names, another person
    ("Dorina", "Meta", date(1992, 2, 11)),
]


@pytest.mark.django_db
def test_the_batch_proposes_the_same_persons_and_confirms_none(persona, open_person, link_register):
    cases = [open_person(persona("police"), *row) for row in REGISTER]
    PersonLink.objects.all().delete()  # as for a register stored before the linkage existed
    assert link_register() == "5 person(s) linked, 3 new link(s) proposed"
    ids = [case.person_id for case in cases]
    pairs = set(PersonLink.objects.values_list("person_a_id", "person_b_id"))
    assert pairs == {(ids[0], ids[1]), (ids[0], ids[2]), (ids[1], ids[2])}
    assert set(PersonLink.objects.values_list("status", "source")) == {("proposed", "batch")}
    for link in PersonLink.objects.all():
        found = tokens.of_persons([link.person_a_id, link.person_b_id])
        (left,), (right,) = found[link.person_a_id], found[link.person_b_id]
        frequency = linkage.frequencies()
        assert link.score == pytest.approx(matching.score(left, right, frequency), rel=1e-9)
        assert link.evidence == matching.evidence(left, right)
    entry = AuditEntry.objects.filter(action="persons.linked").get()
    assert entry.changes == {"persons": 5, "proposed": 3, "threshold": matching.THRESHOLD}


@pytest.mark.django_db
def test_a_second_run_keeps_decisions_and_leaves_erased_persons_out(
    persona, open_person, link_register
):
    cases = [open_person(persona("police"), *row) for row in REGISTER]
    first = PersonLink.objects.order_by("pk").first()
    persons.reject_link(first.pk, by=persona("ra"), version=1)
    assert link_register() == "5 person(s) linked, 0 new link(s) proposed"
    first.refresh_from_db()
    assert first.status == LinkStatus.REJECTED
    PersonLink.objects.exclude(pk=first.pk).delete()
    services.erase_person(
        cases[2],
        by=persona("ra"),
        version=cases[2].version,
        reason="person_request",
        basis="Request 2/2026",
    )
    assert link_register() == "4 person(s) linked, 0 new link(s) proposed"


@pytest.mark.django_db
def test_a_register_of_one_links_nothing(persona, open_person, link_register):
    open_person(persona("police"), *REGISTER[0])
    assert link_register() == "1 person(s) linked, 0 new link(s) proposed"


@pytest.mark.django_db
def test_the_batch_finds_a_person_under_an_alias_as_the_check_at_opening_does(
    persona, open_person, link_register
):
    police = persona("police")
    known = open_person(police, "Mirela", "Leka", date(1990, 5, 6), other_names="Ela Xhafa")
    new = open_person(police, "Ela", "Xhafa", date(1990, 5, 6))
    other = open_person(police, "Ela", "Xhafa", date(1990, 6, 5))  # day and month swapped
    at_opening = {
        (link.person_a_id, link.person_b_id): (link.score, link.evidence)
        for link in PersonLink.objects.all()
    }
    PersonLink.objects.all().delete()
    assert link_register() == "3 person(s) linked, 3 new link(s) proposed"
    batch = {
        (link.person_a_id, link.person_b_id): (link.score, link.evidence)
        for link in PersonLink.objects.all()
    }
    assert (
        set(batch)
        == set(at_opening)
        == {
            (known.person_id, new.person_id),
            (known.person_id, other.person_id),
            (new.person_id, other.person_id),
        }
    )
    for pair, (score, evidence) in batch.items():
        assert score == pytest.approx(at_opening[pair][0], rel=1e-9)
        assert evidence == at_opening[pair][1]
    assert batch[(known.person_id, new.person_id)][1] == {
        "name": "names",
        "born": "dob",
        "sex": "sex",
    }
