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
from lidhja.audit.models import AuditEntry
from lidhja.cases.domain import matching, tokens
from lidhja.cases.domain.access import full_access_cases
from lidhja.cases.models import Case, LinkSource, LinkStatus, Person, PersonLink, PersonToken

# The most persons the check at opening compares a new person with (see `candidates`).
MAX_CANDIDATES = 500


@dataclass(frozen=True)
class Candidates:
    """The persons compared with a new person at opening, and how many there were in all
    (more than MAX_CANDIDATES: the check was capped, and said so)."""

    ids: list[int]
    total: int

    @property
    def capped(self) -> bool:
        return self.total > len(self.ids)


def _holding(kind: str, digest: str) -> QuerySet[PersonToken]:
    return PersonToken.objects.filter(kind=kind, digest=digest)


def candidates(person: Person, records: list[dict[str, str]]) -> Candidates:
    """The other persons that share a block (matching.BLOCKS) with a record of `person` and
    a part of its date of birth (matching.DATE_KINDS): a pair that shares no part of the date
    cannot reach the threshold (matching.reachable_without_a_date, tested), so nothing that
    could be proposed is left out. When more than MAX_CANDIDATES remain (a very common name
    and date), the rarest agreement is compared first: the persons with the same whole date
    of birth, then the others, each in the order they were recorded; the rest are left to the
    batch linkage, and the caller records that the check was capped."""
    if not records:
        return Candidates([], 0)
    in_block = Q(pk__in=[])
    for record in records:
        for block in matching.BLOCKS:
            if any(kind not in record for kind in block):
                continue
            condition = Q()
            for kind in block:
                condition &= Q(pk__in=_holding(kind, record[kind]).values("person_id"))
            in_block |= condition
    dates = {kind: records[0][kind] for kind in matching.DATE_KINDS if kind in records[0]}
    if not dates:
        return Candidates([], 0)
    date_tokens = Q()
    for kind, digest in dates.items():
        date_tokens |= Q(kind=kind, digest=digest)
    found = (
        Person.objects.filter(in_block)
        .filter(pk__in=PersonToken.objects.filter(date_tokens).values("person_id"))
        .exclude(pk=person.pk)
    )
    total = found.count()
    if total <= MAX_CANDIDATES:
        return Candidates(sorted(found.values_list("pk", flat=True)), total)
    ids: list[int] = []
    if tokens.DOB in dates:
        same_day = found.filter(pk__in=_holding(tokens.DOB, dates[tokens.DOB]).values("person_id"))
        ids = list(same_day.order_by("pk").values_list("pk", flat=True)[:MAX_CANDIDATES])
    rest = found.exclude(pk__in=ids).order_by("pk").values_list("pk", flat=True)
    ids += rest[: MAX_CANDIDATES - len(ids)]
    return Candidates(sorted(ids), total)


def frequencies() -> matching.Frequency:
    """The share of records holding a common token (matching.MIN_COMMON), as the batch
    computes it: the records holding the token over the records holding one of its kind, each
    variant a record (the kinds adjusted are name kinds, stored once a variant), counted in the
    token table; no plain value is read. None for a token that is not common."""
    shares: dict[tuple[str, str], float | None] = {}
    totals: dict[str, int] = {}

    def frequency(kind: str, digest: str) -> float | None:
        if (kind, digest) not in shares:
            count = _holding(kind, digest).count()
            share = None
            if count >= matching.MIN_COMMON:
                if kind not in totals:
                    totals[kind] = PersonToken.objects.filter(kind=kind).count()
                share = count / totals[kind]
            shares[(kind, digest)] = share
        return shares[(kind, digest)]

    return frequency


def propose_for(person: Person, *, by: Actor) -> list[PersonLink]:
    """Compare `person` (tokens stored) with the persons who share a block and a part of the
    date of birth (`candidates`), each as its best pair of records (name and aliases), and
    record each pair at or above the threshold as a proposed link (an existing pair keeps its
    decision). A capped check is audited (`persons.link_check_capped`), which the review page
    shows until the next batch linkage. Runs inside the caller's transaction; each new link is
    audited by person uuid."""
    mine = tokens.of_persons([person.pk])[person.pk]
    found = candidates(person, mine)
    theirs = tokens.of_persons(found.ids)
    frequency = frequencies()
    links = []
    for other in found.ids:  # an erased person has no tokens left: never a candidate
        # The smaller person id first, as the batch orders its records when breaking ties.
        first, second = (mine, theirs[other]) if person.pk < other else (theirs[other], mine)
        pair = matching.best(first, second, frequency)
        if pair is None or pair[0] < matching.THRESHOLD:
            continue
        probability, left, right = pair
        a, b = sorted((person.pk, other))
        link, created = PersonLink.objects.get_or_create(
            person_a_id=a,
            person_b_id=b,
            defaults={
                "score": probability,
                "evidence": matching.evidence(left, right),
                "source": LinkSource.OPENING,
                "proposed_at": timezone.now(),
            },
        )
        if created:
            _audit_proposal(link, by)
        links.append(link)
    if found.capped:
        audit.record(
            "persons.link_check_capped",
            actor=by,
            obj=person,
            changes={"candidates": found.total, "compared": len(found.ids)},
        )
    return links


def capped_since_batch() -> int:
    """The checks at opening capped since the last batch linkage (which compared them all)."""
    entries = AuditEntry.objects.filter(action="persons.link_check_capped")
    last = AuditEntry.objects.filter(action="persons.linked").order_by("-seq").first()
    if last is not None:
        entries = entries.filter(seq__gt=last.seq)
    return entries.count()


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
    """Load the records of every person not erased (tokens.records: the recorded name, then
    each alias) into the DuckDB table `name`, as person id * VARIANTS + variant; the number of
    persons."""
    stored: dict[int, dict[int, dict[str, str]]] = {}
    live = PersonToken.objects.filter(person__erased_at__isnull=True, kind__in=matching.COLUMNS)
    rows = live.values_list("person_id", "variant", "kind", "digest")
    for person_id, variant, kind, digest in rows.iterator():
        stored.setdefault(person_id, {}).setdefault(variant, {})[kind] = digest
    table = []
    for person_id in sorted(stored):
        variants = [stored[person_id][v] for v in sorted(stored[person_id])]
        for variant, record in enumerate(tokens.records(variants)):
            table.append((person_id * matching.VARIANTS + variant, record))
    matching.load(connection, table, name)
    return len(stored)


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
