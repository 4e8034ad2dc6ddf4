# ruff: noqa: S608 (the hand-written SQL is constant text; the dates are passed as parameters)
"""Statistics benchmark (publication): the victim statistics of a year at 100,000 persons.

Runs on a fresh database of its own, as bench/run.py does: SQLite in a temporary folder, or the
empty PostgreSQL database named by BENCH_DATABASE_URL. Synthetic data are deterministic
(random.Random(2009)) and bulk-inserted straight into the tables statistics read (statistics
never open an identity, so nothing is sealed):

- BENCH_PERSONS persons (default 100,000), each with a case first contacted in 2009; 3% of
  them have a second case, and 2% are confirmed links to another person (counted once);
- 1-2 forms of exploitation per case, a risk assessment for ~40%, a reflection period for
  ~5%, a re-trafficking follow-up visit for ~2%.

The four quarters of 2009 are published first (timed once). Then, BENCH_REPEAT times each:
1. **counting**: every cell of the year through the ORM (publication.domain.tables, what the
   page runs) and the same cells with hand-written SQL; the ratio of the medians (goal <= 1.3);
2. **the draft page** ONAC sees before publishing the year (real view, full middleware): it
   counts the year, decides the hidden cells with its four frozen quarters, renders;
3. **the published page** every reader sees once the year is published (frozen cells).

    python bench/victim_statistics.py                               # SQLite
    BENCH_DATABASE_URL=postgres://... python bench/victim_statistics.py
"""

import os
import random
import sys
import time
from datetime import date, timedelta

import monitoring
from run import _configure, _summary

PERSONS = int(os.environ.get("BENCH_PERSONS", "100000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
CHUNK = 20_000


def seed() -> None:
    from django.db import transaction

    from lidhja.accounts.domain.actors import SYSTEM
    from lidhja.accounts.models import Role, User
    from lidhja.cases.models import (
        CarePlan,
        Case,
        CaseExploitation,
        FollowUpVisit,
        Person,
        StayPermit,
    )
    from lidhja.organisations.models import Organisation
    from lidhja.publication.domain.services import seed_definitions

    seed_definitions(by=SYSTEM)
    unit = Organisation.objects.get(code="MUN-TR")
    worker = User.objects.create(
        username="bench.worker", organisation=unit, role=Role.SOCIAL_WORKER
    )
    rng = random.Random(2009)
    choice = rng.choices
    first = date(2009, 1, 1)
    for start in range(0, PERSONS, CHUNK):
        size = min(CHUNK, PERSONS - start)
        with transaction.atomic():
            persons = Person.objects.bulk_create(
                Person(
                    stat_sex=choice(["female", "male", "other", ""], [70, 27, 1, 2])[0],
                    stat_citizenship=choice(
                        ["AL", "XK", "MK", "GR", "FR", ""], [85, 5, 3, 3, 2, 2]
                    )[0],
                )
                for _ in range(size)
            )
            linked = [(i, p) for i, p in enumerate(persons) if i and rng.random() < 0.02]
            for index, person in linked:
                person.counted_as_id = persons[rng.randrange(index)].pk
            Person.objects.bulk_update([p for _i, p in linked], ["counted_as"])
            owners = persons + [p for p in persons if rng.random() < 0.03]
            cases = Case.objects.bulk_create(
                _case(rng, n, person, unit, first)
                for n, person in enumerate(owners, start=start * 2)
            )
            CaseExploitation.objects.bulk_create(
                CaseExploitation(case=case, form=form)
                for case in cases
                for form in set(
                    choice(
                        ["sexual", "labour", "begging", "criminality", "other"],
                        k=1 + (rng.random() < 0.2),
                    )
                )
            )
            CarePlan.objects.bulk_create(
                CarePlan(
                    case=c,
                    kind="risk",
                    organisation=unit,
                    recorded_by=worker,
                    made_on=c.identified_on,
                )
                for c in cases
                if rng.random() < 0.4
            )
            StayPermit.objects.bulk_create(
                StayPermit(
                    case=c,
                    kind="reflection",
                    starts_on=c.identified_on,
                    ends_on=c.identified_on + timedelta(days=30),
                )
                for c in cases
                if rng.random() < 0.05
            )
            FollowUpVisit.objects.bulk_create(
                FollowUpVisit(
                    case=c,
                    visited_on=min(c.identified_on + timedelta(days=60), date(2009, 12, 31)),
                    recorded_by=worker,
                    employed=False,
                    re_trafficked=True,
                )
                for c in cases
                if rng.random() < 0.02
            )


SOURCES = ["police", "border", "helpline", "ngo", "social_services", "consulate", "self", "other"]
POINTS = ["rinas", "durres_port", "kakavije", "kapshtice", "qafe_thane", "hani_hotit", "morine"]
QARKS = [
    "berat", "diber", "durres", "elbasan", "fier", "gjirokaster",
    "korce", "kukes", "lezhe", "shkoder", "tirane", "vlore",
]  # fmt: skip
BANDS = ["0-11", "12-14", "15-17", "18-24", "25-34", "35-49", "50+", ""]


def _case(rng, n, person, unit, first):
    from lidhja.cases.models import Case

    source = rng.choices(SOURCES, [30, 10, 8, 15, 20, 5, 7, 5])[0]
    status = rng.choices(["potential", "presumed", "identified", "at_risk"], [20, 25, 45, 10])[0]
    return Case(
        code=f"C-B{n:08d}",
        person=person,
        kind="at_risk" if status == "at_risk" else "trafficking",
        status=status,
        managing_organisation=unit,
        opened_by_organisation=unit,
        qark=rng.choice(QARKS),
        identified_on=first + timedelta(days=rng.randrange(365)),
        identification_source=source,
        border_point=rng.choice(POINTS) if source == "border" else "",
        transnational=rng.random() < 0.4,
        minor_at_exploitation=False,
        age_band=rng.choice(BANDS),
    )


# The same figures as publication.domain.tables, written by hand: (table, SQL grouping by the
# category, or None for a one-cell table). Each takes the first and last day twice at most.
KEY = "COALESCE(p.counted_as_id, c.person_id)"
CASES = "cases_case c JOIN cases_person p ON p.id = c.person_id"
JOINED = "cases_case c ON c.id = e.case_id JOIN cases_person p ON p.id = c.person_id"
PERIOD = "c.identified_on BETWEEN %s AND %s"
LISTED = "'AL', 'XK', 'MK', 'GR', 'IT', 'ME', 'RS'"
SQL = {
    "victims.persons": f"SELECT 'all', COUNT(DISTINCT {KEY}) FROM {CASES} WHERE {PERIOD}",
    **{
        table: f"SELECT {column}, COUNT(DISTINCT {KEY}) FROM {CASES} WHERE {PERIOD} GROUP BY 1"
        for table, column in (
            ("victims.status", "c.status"),
            ("victims.sex", "p.stat_sex"),
            ("victims.age", "c.age_band"),
            ("victims.source", "c.identification_source"),
            ("victims.qark", "c.qark"),
        )
    },
    "victims.citizenship": (
        f"SELECT CASE WHEN p.stat_citizenship IN ({LISTED}) THEN p.stat_citizenship "
        f"WHEN p.stat_citizenship = '' THEN '' ELSE 'other' END, COUNT(DISTINCT {KEY}) "
        f"FROM {CASES} WHERE {PERIOD} GROUP BY 1"
    ),
    "victims.exploitation": (
        f"SELECT e.form, COUNT(DISTINCT {KEY}) FROM cases_caseexploitation e "
        f"JOIN {JOINED} WHERE {PERIOD} GROUP BY 1"
    ),
    "victims.border_point": (
        f"SELECT c.border_point, COUNT(DISTINCT {KEY}) FROM {CASES} "
        f"WHERE {PERIOD} AND c.identification_source = 'border' GROUP BY 1"
    ),
    "victims.scope": (
        f"SELECT CASE WHEN c.transnational THEN 'transnational' ELSE 'internal' END, "
        f"COUNT(DISTINCT {KEY}) FROM {CASES} WHERE {PERIOD} GROUP BY 1"
    ),
    "victims.risk_assessment": (
        f"SELECT CASE WHEN EXISTS (SELECT 1 FROM cases_careplan r WHERE r.case_id = c.id "
        f"AND r.kind = 'risk') THEN 'with' ELSE 'without' END, COUNT(DISTINCT {KEY}) "
        f"FROM {CASES} WHERE {PERIOD} GROUP BY 1"
    ),
    "protection.reflection": (
        f"SELECT 'all', COUNT(DISTINCT {KEY}) FROM cases_staypermit e JOIN {JOINED} "
        "WHERE e.kind = 'reflection' AND e.starts_on BETWEEN %s AND %s"
    ),
    "protection.residence": (
        f"SELECT 'all', COUNT(DISTINCT {KEY}) FROM cases_staypermit e JOIN {JOINED} "
        "WHERE e.kind = 'residence' AND e.starts_on BETWEEN %s AND %s"
    ),
    "protection.re_trafficked": (
        f"SELECT 'all', COUNT(DISTINCT {KEY}) FROM cases_followupvisit e JOIN {JOINED} "
        "WHERE e.re_trafficked AND e.visited_on BETWEEN %s AND %s"
    ),
}


def by_hand(start: date, end: date) -> dict[tuple[str, str], int]:
    from django.db import connection

    from lidhja.publication.domain.tables import TABLES

    counts = {}
    with connection.cursor() as cursor:
        for table, sql in SQL.items():
            cursor.execute(sql, [start, end])
            found = {str(value): n for value, n in cursor.fetchall()}
            counts |= {key: found.get(key[1], 0) for key in TABLES[table].cells()}
    return counts


def main() -> int:
    _configure()
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from lidhja.accounts.domain.actors import SYSTEM
    from lidhja.accounts.models import Role, User
    from lidhja.cases.models import Case, Person
    from lidhja.organisations.models import Organisation
    from lidhja.publication.domain.periods import Period
    from lidhja.publication.domain.releases import count_cells
    from lidhja.publication.domain.services import publish

    print(f"database: {connection.vendor}; machine: {os.cpu_count()} CPUs")
    start = time.perf_counter()
    seed()
    print(
        f"dataset: {Person.objects.count():,} persons, {Case.objects.count():,} cases "
        f"(written in {time.perf_counter() - start:.1f} s)"
    )
    year = Period(2009)
    start = time.perf_counter()
    for quarter in year.quarters():
        publish(quarter, by=SYSTEM)
    print(f"published 2009Q1-Q4 in {time.perf_counter() - start:.1f} s")

    # The tables written by hand above (the justice and exchange tables count too on the
    # pages below, but have no hand-written twin here).
    from lidhja.publication.domain.tables import TABLES

    victims = [TABLES[table] for table in SQL]
    assert count_cells(year, victims) == by_hand(year.start, year.end), "ORM and SQL disagree"
    orm = monitoring.timed(lambda: count_cells(year, victims), REPEAT)
    sql = monitoring.timed(lambda: by_hand(year.start, year.end), REPEAT)
    print(_summary("count the year, ORM (tables.py)", orm))
    print(_summary("count the year, hand-written SQL", sql))
    print(f"{'ratio ORM / SQL (medians)':<48} {_median(orm) / _median(sql):.2f}")

    onac = User.objects.create(
        username="bench.onac",
        organisation=Organisation.objects.get(code="ONAC"),
        role=Role.ONAC_ANALYST,
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(onac)
    url = reverse("publication:period", args=["2009"])
    assert client.get(url).status_code == 200  # warm-up, and a check it works
    draft = monitoring.timed(lambda: client.get(url), REPEAT)
    print(_summary("year draft page (count + decide + render)", draft))
    print(f"{'ratio draft page / SQL (medians)':<48} {_median(draft) / _median(sql):.2f}")
    publish(year, by=SYSTEM)
    assert client.get(url).status_code == 200
    page = monitoring.timed(lambda: client.get(url), REPEAT)
    print(_summary("year published page (frozen cells)", page))
    print(f"{'ratio published page / SQL (medians)':<48} {_median(page) / _median(sql):.2f}")
    return 0


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


if __name__ == "__main__":
    sys.exit(main())
