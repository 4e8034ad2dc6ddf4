"""A register written straight to the tables statistics read (no sealing: statistics never open
an identity), so that tests can build hundreds of cases quickly."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import count

from lidhja.accounts.models import User
from lidhja.cases.models import CarePlan, Case, CaseExploitation, FollowUpVisit, Person, StayPermit
from lidhja.organisations.models import Organisation

_codes = count(1)


@dataclass
class Entry:
    identified_on: date
    status: str = "identified"
    sex: str = "female"
    age_band: str = "18-24"
    citizenship: str = "AL"
    forms: tuple[str, ...] = ("sexual",)
    source: str = "police"
    border_point: str = ""
    transnational: bool = False
    qark: str = "tirane"
    risk_assessed: bool = False
    reflection_on: date | None = None
    re_trafficked_on: date | None = None
    same_person_as: int | None = None  # index of an earlier entry: a confirmed link
    extra: dict = field(default_factory=dict)


def add_register(entries: list[Entry]) -> list[Case]:
    org = Organisation.objects.get(code="MUN-TR")
    worker = User.objects.get(username="sw.tirana")
    persons = Person.objects.bulk_create(
        Person(stat_sex=e.sex, stat_citizenship=e.citizenship) for e in entries
    )
    for entry, person in zip(entries, persons, strict=True):
        if entry.same_person_as is not None:
            person.counted_as_id = persons[entry.same_person_as].pk
            person.save(update_fields=["counted_as"])
    cases = Case.objects.bulk_create(
        Case(
            code=f"C-T{next(_codes):07d}",
            person=person,
            kind="trafficking" if e.status != "at_risk" else "at_risk",
            status=e.status,
            managing_organisation=org,
            opened_by_organisation=org,
            qark=e.qark,
            identified_on=e.identified_on,
            identification_source=e.source,
            border_point=e.border_point,
            transnational=e.transnational,
            minor_at_exploitation=False,
            age_band=e.age_band,
        )
        for e, person in zip(entries, persons, strict=True)
    )
    CaseExploitation.objects.bulk_create(
        CaseExploitation(case=case, form=form)
        for e, case in zip(entries, cases, strict=True)
        for form in e.forms
    )
    for e, case in zip(entries, cases, strict=True):
        if e.risk_assessed:
            CarePlan.objects.create(
                case=case,
                kind="risk",
                organisation=org,
                recorded_by=worker,
                made_on=e.identified_on,
            )
        if e.reflection_on:
            StayPermit.objects.create(
                case=case,
                kind="reflection",
                starts_on=e.reflection_on,
                ends_on=e.reflection_on + timedelta(days=30),
            )
        if e.re_trafficked_on:
            FollowUpVisit.objects.create(
                case=case,
                visited_on=e.re_trafficked_on,
                recorded_by=worker,
                employed=False,
                re_trafficked=True,
            )
    return cases


def many(n: int, **values) -> list[Entry]:
    return [Entry(**values) for _ in range(n)]
