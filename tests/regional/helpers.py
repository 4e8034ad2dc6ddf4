"""Synthetic cases written straight to the tables the regional figures read (statistics never
open an identity), and complete assessment sections."""

from dataclasses import dataclass
from datetime import date
from itertools import count

from lidhja.cases.models import Case, Person
from lidhja.organisations.models import Organisation

_codes = count(1)


@dataclass(frozen=True)
class Row:
    unit: str  # managing organisation's code
    sex: str = "female"
    age_band: str = "18-24"
    qark: str = "tirane"
    on: date = date(2009, 3, 1)
    times: int = 1


def second_tirana_unit() -> Organisation:
    return Organisation.objects.get_or_create(
        code="MUN-KA",
        defaults={
            "name": "Municipality of Kamëz (synthetic test unit)",
            "kind": "state",
            "level": "local",
            "qark": "tirane",
        },
    )[0]


def add_cases(rows: list[Row]) -> list[Case]:
    cases = []
    for row in rows:
        unit = Organisation.objects.get(code=row.unit)
        for _n in range(row.times):
            person = Person.objects.create(stat_sex=row.sex, stat_citizenship="AL")
            cases.append(
                Case.objects.create(
                    code=f"C-R{next(_codes):07d}",
                    person=person,
                    kind="trafficking",
                    status="identified",
                    managing_organisation=unit,
                    opened_by_organisation=unit,
                    qark=row.qark,
                    identified_on=row.on,
                    identification_source="police",
                    minor_at_exploitation=False,
                    age_band=row.age_band,
                )
            )
    return cases


COMPLETE = {
    "trends": {
        "trends_text": "Synthetic: recruitment through job offers is rising.",
        "trends": {"labour": "increasing", "sexual": "stable"},
    },
    "risks": {
        "risks": [
            {"risk": "Synthetic seasonal work abroad", "likelihood": "high", "groups": "Youth"}
        ]
    },
    "resources": {
        "resources": [
            {"resource": "Synthetic shelter", "held_by": "Synthetic NGO", "adequacy": "sufficient"}
        ]
    },
    "needs": {
        "needs": [{"need": "Synthetic outreach", "priority": "high", "actor": "Municipality"}]
    },
    "narrative": {"narrative": "Synthetic narrative of the committee."},
}
