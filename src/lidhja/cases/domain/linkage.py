"""Finding the same person twice, on keyed tokens only (cases.domain.tokens): when a case is
opened (`propose_for`, then `warning_for` for the opener), and over the whole register
(`link_register`, Splink on DuckDB). Both record proposed links (PersonLink) for the
Responsible Authority, which confirms or rejects them (cases.domain.persons); nothing here
decrypts a person or links anyone for good."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from lidhja.accounts.domain.actors import Actor
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.cases.domain import matching, tokens
from lidhja.cases.domain.access import full_access_cases
from lidhja.cases.models import Case, LinkSource, LinkStatus, Person, PersonLink, PersonToken

# A block bigger than this (a very common name) is left to the batch linkage at opening.
MAX_CANDIDATES = 500


def candidates(person: Person, mine: dict[str, str]) -> list[int]:
    """Other persons compared with `person` (who shares the blocks of matching.BLOCKS)."""
    ids: set[int] = set()
    for block in matching.BLOCKS:
        if any(kind not in mine for kind in block):
            continue
        first, *rest = block
        rows = PersonToken.objects.filter(kind=first, digest=mine[first])
        for kind in rest:
            same = PersonToken.objects.filter(kind=kind, digest=mine[kind])
            rows = rows.filter(person_id__in=same.values("person_id"))
        ids |= set(rows.values_list("person_id", flat=True)[: MAX_CANDIDATES + 1])
    ids.discard(person.pk)
    return sorted(ids)[:MAX_CANDIDATES]


def propose_for(person: Person, *, by: Actor) -> list[PersonLink]:
    """Compare `person` (tokens stored) with the persons who share a block, and record each
    pair at or above the threshold as a proposed link (an existing pair keeps its decision).
    Runs inside the caller's transaction; each new link is audited by person uuid."""
    mine = tokens.of_persons([person.pk])[person.pk]
    others = candidates(person, mine)
    theirs = tokens.of_persons(others)
    links = []
    for other in others:  # an erased person has no tokens left: never a candidate
        probability = matching.score(mine, theirs[other])
        if probability < matching.THRESHOLD:
            continue
        a, b = sorted((person.pk, other))
        link, created = PersonLink.objects.get_or_create(
            person_a_id=a,
            person_b_id=b,
            defaults={
                "score": probability,
                "evidence": matching.evidence(mine, theirs[other]),
                "source": LinkSource.OPENING,
                "proposed_at": timezone.now(),
            },
        )
        if created:
            _audit_proposal(link, by)
        links.append(link)
    return links


def _audit_proposal(link: PersonLink, by: Actor) -> None:
    uuids = dict(
        Person.objects.filter(pk__in=[link.person_a_id, link.person_b_id]).values_list("pk", "uuid")
    )
    audit.record(
        "persons.link_proposed",
        actor=by,
        obj=link,
        changes={
            "person_a": str(uuids[link.person_a_id]),
            "person_b": str(uuids[link.person_b_id]),
            "score": round(link.score, 4),
            "evidence": link.evidence,
        },
    )


@dataclass(frozen=True)
class Warning:
    """What the opener of a case is told: the codes of the cases they see whole whose person
    may be the same, and whether there are possible matches they may not see (those the
    Responsible Authority reviews without the opener learning anything about them)."""

    codes: list[str]
    unseen: bool

    @property
    def any(self) -> bool:
        return bool(self.codes) or self.unseen


def warning_for(case: Case, user: User) -> Warning:
    """The duplicate warning for `case`'s person, as `user` may see it (page and API alike)."""
    person_id = case.person_id
    links = PersonLink.objects.filter(Q(person_a_id=person_id) | Q(person_b_id=person_id))
    others = set()
    for a, b in links.exclude(status=LinkStatus.REJECTED).values_list("person_a_id", "person_b_id"):
        others.add(b if a == person_id else a)
    if not others:
        return Warning([], False)
    seen = full_access_cases(user).filter(person_id__in=others)
    codes = sorted(seen.values_list("code", flat=True))
    all_cases = Case.objects.filter(person_id__in=others).count()
    return Warning(codes, unseen=all_cases > len(codes))


# --- review -------------------------------------------------------------------------------


def review_rows(links: list[PersonLink]) -> list[dict[str, Any]]:
    """What the Responsible Authority sees of each link (the page and the API render these):
    the two persons' case codes and which token kinds matched, never a name or a date."""
    person_ids = {pk for link in links for pk in (link.person_a_id, link.person_b_id)}
    codes: dict[int, list[str]] = {pk: [] for pk in person_ids}
    for person_id, code in (
        Case.objects.filter(person_id__in=person_ids)
        .order_by("code")
        .values_list("person_id", "code")
    ):
        codes[person_id].append(code)
    return [
        {
            "id": link.pk,
            "version": link.version,
            "status": link.status,
            "status_label": link.get_status_display(),
            "score": link.score,
            "source": link.source,
            "cases_a": codes[link.person_a_id],
            "cases_b": codes[link.person_b_id],
            "evidence": evidence_rows(link.evidence),
            "proposed_at": link.proposed_at,
            "decided_at": link.decided_at,
        }
        for link in links
    ]


def evidence_rows(evidence: dict[str, str]) -> list[dict[str, str]]:
    rows = []
    for comparison in matching.MODEL:
        levels = {level.name: level for level in comparison.levels}
        level = levels.get(evidence.get(comparison.name, ""))
        if level is not None:
            rows.append(
                {"comparison": comparison.name, "level": level.name, "label": str(level.label)}
            )
    return rows


def links_for_review(status: str) -> QuerySet[PersonLink]:
    return PersonLink.objects.filter(status=status).order_by("-score", "pk")


# --- batch ---------------------------------------------------------------------------------


def register_table(connection: Any, name: str = "persons") -> int:
    """Load the tokens of every person not erased into the DuckDB table `name`; its rows."""
    rows: dict[int, dict[str, str]] = {}
    live = PersonToken.objects.filter(person__erased_at__isnull=True, kind__in=matching.COLUMNS)
    for person_id, kind, digest in live.values_list("person_id", "kind", "digest").iterator():
        rows.setdefault(person_id, {})[kind] = digest
    matching.load(connection, sorted(rows.items()), name)
    return len(rows)


@transaction.atomic
def link_register(*, by: Actor, threshold: float = matching.THRESHOLD) -> tuple[int, int]:
    """Batch linkage of the whole register with Splink: every pair at or above `threshold`
    not yet linked becomes a proposed link (never a confirmed one). (persons, new links)."""
    import duckdb

    connection = duckdb.connect()
    try:
        count = register_table(connection)
        if count < 2:
            new = 0
        else:
            predicted = matching.predict(connection, "persons", threshold=threshold)
            new = _record_pairs(matching.pairs(connection, predicted))
    finally:
        connection.close()
    audit.record(
        "persons.linked",
        actor=by,
        changes={"persons": count, "proposed": new, "threshold": threshold},
    )
    return count, new


def _record_pairs(read: Any) -> int:
    before = PersonLink.objects.count()
    now = timezone.now()
    while batch := read():
        PersonLink.objects.bulk_create(
            [
                PersonLink(
                    person_a_id=pair.left,
                    person_b_id=pair.right,
                    score=pair.probability,
                    evidence=pair.evidence,
                    source=LinkSource.BATCH,
                    proposed_at=now,
                )
                for pair in batch
            ],
            ignore_conflicts=True,
        )
    return PersonLink.objects.count() - before
