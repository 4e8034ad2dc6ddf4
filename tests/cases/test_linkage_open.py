"""The duplicate warning when a case is opened: candidates found on tokens alone, every pair
recorded as a proposed link, the opener told the codes of the cases they see whole and only
that the Responsible Authority will review the others; opening is never blocked."""

import json
from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from lidhja.audit.models import AuditEntry
from lidhja.cases.domain import crypto, linkage, matching, tokens
from lidhja.cases.models import Case, LinkStatus, PersonLink
from tests.cases.helpers import open_case_by_post

ARTA = {
    "given_name": "Artë",
    "family_name": "Bardhi",
    "date_of_birth": "1995-03-04",
    "sex": "female",
    "phone": "",
    "address": "",
}
UNSEEN = "This person may already be known in a case you cannot see."


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def _open(client, **identity):
    case = open_case_by_post(client, **{**ARTA, **identity})
    return case, client.get(reverse("cases:detail", args=[case.code]))


@pytest.mark.django_db
def test_a_person_known_in_an_unseen_case_is_sent_for_review_without_a_code(client_for):
    first, _page = _open(client_for("social_tirana"))
    # Shkodër's worker types the names swapped and without the ë.
    second, page = _open(
        client_for("social_shkoder"),
        given_name="Bardhi",
        family_name="Arte",
        managing_organisation="MUN-SH",
    )
    body = page.content.decode()
    assert UNSEEN in _messages(page)
    assert first.code not in body
    link = PersonLink.objects.get()
    assert (link.person_a_id, link.person_b_id) == (first.person_id, second.person_id)
    assert link.status == LinkStatus.PROPOSED
    assert link.source == "opening"
    assert link.evidence == {"name": "names", "born": "dob", "sex": "sex"}
    assert link.score > 0.999
    entry = AuditEntry.objects.get(action="persons.link_proposed")
    assert entry.changes["person_a"] == str(first.person.uuid)
    assert entry.changes["person_b"] == str(second.person.uuid)
    text = json.dumps(entry.changes)
    assert "Bardhi" not in text and "1995" not in text and first.code not in text


@pytest.mark.django_db
def test_the_opener_sees_the_codes_of_cases_they_see_whole(client_for, persona):
    first, _page = _open(client_for("social_tirana"))
    shkoder, _page = _open(client_for("social_shkoder"), managing_organisation="MUN-SH")
    # A slip in the date of birth (day and month swapped), ç typed as c: still proposed.
    again, page = _open(client_for("social_tirana"), date_of_birth="1995-04-03", given_name="Arte")
    messages = _messages(page)
    assert f"Possible same person: {first.code}." in messages
    assert UNSEEN in messages  # Shkodër's case, which the worker does not see
    assert shkoder.code not in page.content.decode()
    warning = linkage.warning_for(again, persona("social_tirana"))
    assert warning == linkage.Warning([first.code], unseen=True)
    assert linkage.warning_for(again, persona("ra")) == linkage.Warning(
        sorted([first.code, shkoder.code]), unseen=False
    )
    assert PersonLink.objects.count() == 3


@pytest.mark.django_db
def test_the_responsible_authority_sees_every_code(client_for):
    first, _page = _open(client_for("social_tirana"))
    second, _page = _open(client_for("social_shkoder"), managing_organisation="MUN-SH")
    _third, page = _open(client_for("ra"))
    messages = _messages(page)
    assert f"Possible same person: {', '.join(sorted([first.code, second.code]))}." in messages
    assert UNSEEN not in messages
    assert Case.objects.count() == 3


@pytest.mark.django_db
def test_different_persons_are_not_proposed(client_for):
    _open(client_for("social_tirana"))
    _case, page = _open(client_for("social_tirana"), given_name="Vjosa", date_of_birth="1971-11-20")
    _case, page2 = _open(client_for("social_tirana"), given_name="Besa", family_name="Krasniqi")
    assert "Possible same person" not in _messages(page) + _messages(page2)
    assert UNSEEN not in _messages(page) + _messages(page2)
    assert PersonLink.objects.count() == 0


@pytest.mark.django_db
def test_the_api_answers_the_same_warning(client_for):
    from tests.cases.test_api import NEW_CASE, post

    first, _page = _open(client_for("social_tirana"))
    client = client_for("police")
    identity = {**NEW_CASE["identity"], **ARTA, "family_name": "Bardhy"}
    response = post(client, reverse("cases-api:list"), {**NEW_CASE, "identity": identity})
    assert response.status_code == 201
    body = response.json()
    assert body["possible_same_person"] == []  # police see only the cases they opened
    assert body["unseen_possible_match"] is True
    assert first.code not in response.content.decode()
    response = post(client_for("ra"), reverse("cases-api:list"), {**NEW_CASE, "identity": identity})
    opened = sorted(
        Case.objects.exclude(code=response.json()["code"]).values_list("code", flat=True)
    )
    assert response.json()["possible_same_person"] == opened
    assert response.json()["unseen_possible_match"] is False


@pytest.mark.django_db
def test_a_changed_identity_is_compared_again(client_for):
    worker = client_for("social_tirana")
    first, _page = _open(worker)
    other, _page = _open(worker, given_name="Vjosa", family_name="Hoxhaj")
    assert PersonLink.objects.count() == 0
    other.refresh_from_db()
    response = worker.post(
        reverse("cases:action", args=[other.code, "identity"]),
        {**ARTA, "version": other.version},
    )
    assert response.status_code == 302
    link = PersonLink.objects.get()
    assert {link.person_a_id, link.person_b_id} == {first.person_id, other.person_id}


# --- aliases and the cap on candidates --------------------------------------------------------


@pytest.mark.django_db
def test_a_person_known_under_an_alias_is_found_without_decrypting_anyone(
    persona, open_person, monkeypatch
):
    police = persona("police")
    known = open_person(police, "Mirela", "Leka", date(1990, 5, 6), other_names="Ela Xhafa")
    stranger = open_person(police, "Mirela", "Leka", date(1971, 1, 1))

    def no_reading(*args, **kwargs):
        raise AssertionError("a person was decrypted")

    # The new person's identity is sealed and tokenised by the service; from there on the
    # check reads tokens only.
    new = open_person(police, "Ela", "Xhafa", date(1990, 5, 6))
    PersonLink.objects.all().delete()
    monkeypatch.setattr(crypto, "open_json", no_reading)
    with transaction.atomic():  # propose_for runs inside its caller's (a service's) transaction
        (link,) = linkage.propose_for(new.person, by=police)
    assert (link.person_a_id, link.person_b_id) == (known.person_id, new.person_id)
    assert link.evidence == {"name": "names", "born": "dob", "sex": "sex"}
    assert link.score == pytest.approx(
        matching.score(
            tokens.of_persons([known.person_id])[known.person_id][1],
            tokens.of_persons([new.person_id])[new.person_id][0],
            linkage.frequencies(),
        ),
        rel=1e-12,
    )
    assert stranger.person_id not in {link.person_a_id, link.person_b_id}


def test_a_pair_that_shares_no_part_of_the_date_cannot_be_proposed():
    assert matching.reachable_without_a_date() < matching.THRESHOLD
    assert set(matching.tf_kinds()) <= set(tokens.NAME_KINDS)


@pytest.mark.django_db
def test_a_common_name_without_a_shared_date_is_not_even_fetched(persona, open_person):
    police = persona("police")
    for year in (1950, 1960, 1970):  # the same names, no part of the date in common
        open_person(police, "Arta", "Hoxha", date(year, 1, 2))
    same = open_person(police, "Arta", "Hoxha", date(1990, 5, 6))
    new = open_person(police, "Arta", "Hoxhë", date(1990, 5, 6))
    found = linkage.candidates(new.person, tokens.of_persons([new.person_id])[new.person_id])
    assert found == linkage.Candidates([same.person_id], 1)
    assert not found.capped


@pytest.mark.django_db
def test_a_capped_check_compares_the_same_date_first_and_tells_the_authority(
    persona, open_person, client_for, link_register, monkeypatch
):
    police = persona("police")
    # Two persons of the same names and birthday in other years, then the real match, recorded
    # last (the candidates are otherwise taken in the order they were recorded). (Fewer than
    # matching.MIN_COMMON records share the names: they are not weighed down as common.)
    for year in (1950, 1960):
        open_person(police, "Arta", "Hoxha", date(year, 5, 6))
    real = open_person(police, "Arta", "Hoxha", date(1990, 5, 6))
    monkeypatch.setattr(linkage, "MAX_CANDIDATES", 2)
    new = open_person(police, "Artë", "Hoxha", date(1990, 5, 6))
    link = PersonLink.objects.get(person_b_id=new.person_id)
    assert link.person_a_id == real.person_id
    entry = AuditEntry.objects.get(action="persons.link_check_capped")
    assert entry.changes == {"candidates": 3, "compared": 2}
    assert entry.object_id == str(new.person_id)
    assert linkage.capped_since_batch() == 1
    page = client_for("ra").get(reverse("cases:links")).content.decode()
    assert "1 check made when a case was opened since the last batch linkage" in page
    assert "only the first 2 of their candidates" in page
    link_register()
    assert linkage.capped_since_batch() == 0
    page = client_for("ra").get(reverse("cases:links")).content.decode()
    assert "since the last batch linkage" not in page
