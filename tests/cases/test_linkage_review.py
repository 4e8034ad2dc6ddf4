"""The Responsible Authority's review of proposed links: what the reviewer sees (codes and
which tokens matched, never a name or a date), confirm and reject as locked, version-checked,
audited services, and a confirmed cluster counted once (transitively, undone by a rejection)."""

import json
from datetime import date

import pytest
from django.db.models import Count
from django.urls import reverse

from lidhja.audit.models import AuditEntry
from lidhja.cases.domain import persons
from lidhja.cases.domain.categories import PERSON_KEY
from lidhja.cases.models import Case, LinkStatus, Person, PersonLink

SPELLINGS = [("Lulzimë", "Çollaku"), ("Lulzime", "Collaku"), ("Colaku", "Lulzim")]


@pytest.fixture
def trio(persona, open_person):
    """Three records of one person (spelling variants, names swapped) and one other person."""
    police = persona("police")
    cases = [open_person(police, given, family) for given, family in SPELLINGS]
    open_person(police, "Mimoza", "Gashi", date(1970, 1, 1))
    return cases


def _persons_counted() -> int:
    return Case.objects.aggregate(n=Count(PERSON_KEY, distinct=True))["n"]


@pytest.mark.django_db
def test_the_reviewer_sees_codes_and_matched_tokens_only(client_for, trio):
    page = client_for("ra").get(reverse("cases:links"))
    assert page.status_code == 200
    body = page.content.decode()
    for case in trio:
        assert case.code in body
    assert "the same names once folded, in any order" in body
    assert "the same date of birth" in body
    for text in ("Lulzim", "ollaku", "1989", "Gashi"):
        assert text not in body
    assert PersonLink.objects.filter(status=LinkStatus.PROPOSED).count() == 3


@pytest.mark.django_db
def test_confirming_counts_a_cluster_once_and_rejecting_splits_it(link_between, persona, trio):
    ra = persona("ra")
    first, second, third = trio
    assert _persons_counted() == 4
    persons.confirm_link(link_between(first, second).pk, by=ra, version=1)
    persons.confirm_link(link_between(second, third).pk, by=ra, version=1)
    counted = dict(Person.objects.values_list("pk", "counted_as_id"))
    smallest = first.person_id
    assert counted[first.person_id] is None
    assert counted[second.person_id] == counted[third.person_id] == smallest
    assert _persons_counted() == 2
    # Undo the first confirmation: the second and third stay one person, the first apart.
    persons.reject_link(link_between(first, second).pk, by=ra, version=2)
    counted = dict(Person.objects.values_list("pk", "counted_as_id"))
    assert counted[first.person_id] is None
    assert counted[second.person_id] is None
    assert counted[third.person_id] == second.person_id
    assert _persons_counted() == 3
    actions = list(
        AuditEntry.objects.filter(action__startswith="persons.link_")
        .exclude(action="persons.link_proposed")
        .values_list("action", flat=True)
        .order_by("pk")
    )
    assert actions == ["persons.link_confirmed", "persons.link_confirmed", "persons.link_rejected"]
    last = AuditEntry.objects.filter(action="persons.link_rejected").get()
    assert last.changes["status"] == ["confirmed", "rejected"]
    assert last.changes["person_a"] == str(first.person.uuid)
    assert last.actor_id == ra.pk
    text = json.dumps(list(AuditEntry.objects.values_list("changes", "object_repr")))
    assert "Lulzim" not in text and "1989" not in text


@pytest.mark.django_db
def test_a_stale_or_repeated_decision_is_refused_and_changes_nothing(
    link_between, client_for, persona, trio
):
    first, second, _third = trio
    link = link_between(first, second)
    client = client_for("ra")
    url = reverse("cases:link_decide", args=[link.pk, "confirm"])
    assert client.post(url, {"version": 1}).status_code == 302
    before = (AuditEntry.objects.count(), list(Person.objects.values_list("counted_as_id")))
    for version in (1, 2):  # stale, then current but already confirmed
        response = client.post(url, {"version": version})
        assert response.status_code == 409
    assert client.post(url, {"version": "x"}).status_code == 400
    api = reverse("cases-api:link_decide", args=[link.pk, "confirm"])
    assert client.post(api, {"version": 1}, content_type="application/json").status_code == 409
    assert client.post(api, {}, content_type="application/json").status_code == 400
    missing = reverse("cases-api:link_decide", args=[999999, "confirm"])
    assert client.post(missing, {"version": 1}, content_type="application/json").status_code == 404
    nonsense = reverse("cases:link_decide", args=[link.pk, "merge"])
    assert client.post(nonsense, {"version": 2}).status_code == 404
    assert (AuditEntry.objects.count(), list(Person.objects.values_list("counted_as_id"))) == before
    link.refresh_from_db()
    assert (link.status, link.version, link.decided_by_id) == ("confirmed", 2, persona("ra").pk)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["social_tirana", "police", "shelter", "rcat", "onac", "sysadmin"])
def test_only_the_responsible_authority_reviews(link_between, client_for, trio, who):
    link = link_between(trio[0], trio[1])
    client = client_for(who)
    assert client.get(reverse("cases:links")).status_code == 403
    assert (
        client.post(
            reverse("cases:link_decide", args=[link.pk, "confirm"]), {"version": 1}
        ).status_code
        == 403
    )
    api = reverse("cases-api:link_decide", args=[link.pk, "confirm"])
    assert client.post(api, {"version": 1}, content_type="application/json").status_code == 403
    link.refresh_from_db()
    assert link.status == LinkStatus.PROPOSED


@pytest.mark.django_db
def test_the_api_lists_and_decides_like_the_page(link_between, client_for, trio):
    client = client_for("ra")
    response = client.get(reverse("cases-api:links"))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 3
    first, second, _third = trio
    row = next(r for r in rows if r["id"] == link_between(first, second).pk)
    assert (row["cases_a"], row["cases_b"]) == ([first.code], [second.code])
    assert [e["level"] for e in row["evidence"]] == ["names", "dob", "sex"]
    assert row["status"] == "proposed" and row["version"] == 1
    assert "Lulzim" not in response.content.decode()
    decided = client.post(
        reverse("cases-api:link_decide", args=[row["id"], "reject"]),
        {"version": 1},
        content_type="application/json",
    )
    assert decided.status_code == 200
    assert (decided.json()["status"], decided.json()["version"]) == ("rejected", 2)
    rejected = client.get(reverse("cases-api:links") + "?status=rejected").json()["results"]
    assert [r["id"] for r in rejected] == [row["id"]]
    assert client.get(reverse("cases-api:links") + "?status=merged").status_code == 400
