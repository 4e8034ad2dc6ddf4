"""Persons as statistics count them: their statistical categories and blind tokens derived
from the sealed identity (for rows stored before these existed), and the Responsible
Authority's decisions on proposed links, which make a confirmed cluster count once."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lidhja.accounts.domain.actors import Actor
from lidhja.accounts.domain.errors import DomainError, NotFound, PermissionDenied, StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.cases.domain import categories, identity, tokens
from lidhja.cases.models import Case, LinkStatus, Person, PersonLink


@transaction.atomic
def categorise_all(*, by: Actor) -> int:
    """Derive the statistical categories of every person and case from the sealed identity
    (for rows stored before the categories existed); the number of rows changed."""
    changed = 0
    people = Person.objects.select_for_update(of=("self",)).filter(erased_at__isnull=True)
    for person in people.order_by("pk").iterator():
        values = identity.read_unchecked(person)
        sex = categories.sex(values.get("sex", ""))
        citizenship = categories.citizenship(values.get("citizenship", ""))
        if (person.stat_sex, person.stat_citizenship) != (sex, citizenship):
            Person.objects.filter(pk=person.pk).update(stat_sex=sex, stat_citizenship=citizenship)
            changed += 1
        born = identity.date_of_birth(person)
        for case in Case.objects.filter(person=person).only("pk", "identified_on", "age_band"):
            band = categories.age_band(born, case.identified_on)
            if case.age_band != band:
                Case.objects.filter(pk=case.pk).update(age_band=band)
                changed += 1
    audit.record("persons.categorised", actor=by, changes={"rows": changed})
    return changed


@transaction.atomic
def tokenise_all(*, by: Actor) -> int:
    """Compute the linkage tokens of every person not erased from the sealed identity, aliases
    included (for rows stored before the tokens or the alias tokens existed, or after the
    token rules changed); the number of persons whose tokens changed."""
    changed = 0
    people = Person.objects.select_for_update(of=("self",)).filter(erased_at__isnull=True)
    for person in people.order_by("pk").iterator():
        values = identity.read_unchecked(person)
        if tokens.stored([person.pk])[person.pk] != tokens.variant_digests(values):
            tokens.store(person, values)
            changed += 1
    audit.record("persons.tokenised", actor=by, changes={"persons": changed})
    return changed


# --- the Responsible Authority's decisions on links ------------------------------------------


class WrongLinkState(DomainError):
    """The link already has the decision asked for."""


def _locked_link(link_id: int, *, by: User, version: int) -> PersonLink:
    """The link locked for a decision by `by`: permission first, then the row, then its
    version (a second reviewer is told to reload)."""
    if not can(by, "person.link_review"):
        raise PermissionDenied(_("Only the Responsible Authority decides on person links."))
    link = PersonLink.objects.select_for_update(of=("self",)).filter(pk=link_id).first()
    if link is None:
        raise NotFound(_("No such person link."))
    if link.version != version:
        raise StaleObject(_("Someone decided on this link meanwhile. Reload the page."))
    return link


@transaction.atomic
def confirm_link(link_id: int, *, by: User, version: int) -> PersonLink:
    """The two persons are the same: statistics count their cluster once (every member
    counted as the member with the smallest id)."""
    link = _locked_link(link_id, by=by, version=version)
    if link.status == LinkStatus.CONFIRMED:
        raise WrongLinkState(_("This link is already confirmed."))
    return _decide(link, LinkStatus.CONFIRMED, by, "persons.link_confirmed")


@transaction.atomic
def reject_link(link_id: int, *, by: User, version: int) -> PersonLink:
    """The two persons are different; a link confirmed before is undone, and the clusters it
    joined are counted apart again."""
    link = _locked_link(link_id, by=by, version=version)
    if link.status == LinkStatus.REJECTED:
        raise WrongLinkState(_("This link is already rejected."))
    return _decide(link, LinkStatus.REJECTED, by, "persons.link_rejected")


def _decide(link: PersonLink, status: str, by: User, action: str) -> PersonLink:
    previous = link.status
    link.status = status
    link.decided_by = by
    link.decided_at = timezone.now()
    link.version += 1
    link.save(update_fields=["status", "decided_by", "decided_at", "version"])
    counted = recluster([link.person_a_id, link.person_b_id])
    persons = dict(
        Person.objects.filter(pk__in=[link.person_a_id, link.person_b_id]).values_list("pk", "uuid")
    )
    audit.record(
        action,
        actor=by,
        obj=link,
        changes={
            "status": [previous, status],
            "person_a": str(persons[link.person_a_id]),
            "person_b": str(persons[link.person_b_id]),
            "counted_as": {str(persons[pk]): str(_uuid(rep)) for pk, rep in counted.items()},
        },
    )
    return link


def _uuid(pk: int) -> str:
    return str(Person.objects.values_list("uuid", flat=True).get(pk=pk))


def recluster(seeds: list[int]) -> dict[int, int]:
    """Recompute `counted_as` for the clusters the persons `seeds` belong to, now or before
    this change: each cluster (persons joined by confirmed links, transitively) counts as its
    member with the smallest id. The seeds' person -> the person each now counts as."""
    members = _affected(seeds)
    locked = Person.objects.select_for_update(of=("self",)).filter(pk__in=members).order_by("pk")
    current = dict(locked.values_list("pk", "counted_as_id"))
    parent = {pk: pk for pk in members}

    def root(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    for a, b in _confirmed_pairs(members):
        ra, rb = root(a), root(b)
        parent[max(ra, rb)] = min(ra, rb)
    for pk in sorted(members):
        wanted = None if root(pk) == pk else root(pk)
        if current[pk] != wanted:
            Person.objects.filter(pk=pk).update(counted_as_id=wanted)
    return {pk: root(pk) for pk in seeds}


def _confirmed_pairs(members: set[int]) -> list[tuple[int, int]]:
    confirmed = PersonLink.objects.filter(status=LinkStatus.CONFIRMED)
    return list(
        confirmed.filter(person_a_id__in=members, person_b_id__in=members).values_list(
            "person_a_id", "person_b_id"
        )
    )


def _affected(seeds: list[int]) -> set[int]:
    """The seeds, everyone counted with them so far, and everyone reachable from them
    through confirmed links."""
    reps = {
        rep or pk
        for pk, rep in Person.objects.filter(pk__in=seeds).values_list("pk", "counted_as_id")
    }
    members = set(seeds) | reps
    members |= set(Person.objects.filter(counted_as_id__in=reps).values_list("pk", flat=True))
    frontier = set(members)
    confirmed = PersonLink.objects.filter(status=LinkStatus.CONFIRMED)
    while frontier:
        pairs = confirmed.filter(Q(person_a_id__in=frontier) | Q(person_b_id__in=frontier))
        reached = {pk for pair in pairs.values_list("person_a_id", "person_b_id") for pk in pair}
        frontier = reached - members
        members |= frontier
    return members
