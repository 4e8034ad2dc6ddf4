"""Persons as statistics count them."""

from django.db import transaction

from lidhja.accounts.domain.actors import Actor
from lidhja.audit.domain import services as audit
from lidhja.cases.domain import categories, identity
from lidhja.cases.models import Case, Person


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
