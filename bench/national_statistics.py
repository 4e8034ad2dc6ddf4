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

    python bench/national_statistics.py                               # SQLite
    BENCH_DATABASE_URL=postgres://... python bench/national_statistics.py
"""

import os
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

import monitoring
from run import _configure, _summary

PERSONS = int(os.environ.get("BENCH_PERSONS", "100000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "10"))
PROCEEDINGS = int(os.environ.get("BENCH_PROCEEDINGS", "10000"))
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


def seed_justice() -> None:
    """BENCH_PROCEEDINGS proceedings registered in 2009 by the prosecution office, each with
    1-3 defendants and their stages through the year (arrest, indictment, verdicts), asset
    measures for about a third, and a victim linked to one of the cases for about half."""
    from django.db import transaction

    from lidhja.cases.models import Case
    from lidhja.justice.models import AssetRecord, Defendant, Proceeding, Stage, VictimLink
    from lidhja.organisations.models import Organisation

    office = Organisation.objects.get(code="GPO")
    rng = random.Random(2010)
    codes = list(Case.objects.order_by("pk").values_list("code", flat=True)[: PROCEEDINGS * 2])
    first = date(2009, 1, 1)
    for start in range(0, PROCEEDINGS, CHUNK):
        size = min(CHUNK, PROCEEDINGS - start)
        with transaction.atomic():
            proceedings = Proceeding.objects.bulk_create(
                Proceeding(
                    code=f"P-B{n:07d}",
                    office=office,
                    registered_on=first + timedelta(days=rng.randrange(200)),
                )
                for n in range(start, start + size)
            )
            defendants = Defendant.objects.bulk_create(
                Defendant(
                    proceeding=p,
                    code=f"D-B{p.pk:07d}{i}",
                    sex=rng.choices(["male", "female", ""], [80, 18, 2])[0],
                    age_band=rng.choice(BANDS[3:]),
                    citizenship=rng.choices(["AL", "GR", "IT", ""], [88, 4, 4, 4])[0],
                    role=rng.choice(ROLES),
                    official_service=rng.choices(SERVICES, [96, 1, 1, 1, 1])[0],
                )
                for p in proceedings
                for i in range(rng.choice([1, 1, 2, 3]))
            )
            Stage.objects.bulk_create(_stages(rng, defendants))
            AssetRecord.objects.bulk_create(
                AssetRecord(
                    proceeding=p,
                    kind=kind,
                    amount_lek=Decimal(rng.randrange(10_000, 5_000_000)).quantize(Decimal("1")),
                    on=p.registered_on + timedelta(days=rng.randrange(150)),
                )
                for p in proceedings
                if rng.random() < 0.3
                for kind in rng.sample(ASSETS, rng.randint(1, 3))
            )
            VictimLink.objects.bulk_create(
                VictimLink(
                    proceeding=p,
                    case_code=rng.choice(codes),
                    role=rng.choice(["witness", "injured_party"]),
                    status=rng.choices(["confirmed", "pending", "rejected"], [70, 20, 10])[0],
                )
                for p in proceedings
                if rng.random() < 0.5
            )


def _stages(rng, defendants):
    """Each defendant's stages in order, within 2009: arrest (80%), indictment (70%, a tenth
    dismissed), first-instance verdict, appeal, final decision (convicted, acquitted)."""
    from lidhja.justice.models import Stage

    for d in defendants:
        on = d.proceeding.registered_on
        steps = [("arrest", "", 0.8), ("indictment", "", 0.7), ("first_instance", "", 0.8)]
        steps += [("appeal", "", 0.3), ("final", "", 0.9)]
        for kind, _none, chance in steps:
            if rng.random() >= chance:
                break
            on = min(on + timedelta(days=rng.randrange(1, 40)), date(2009, 12, 31))
            outcome = ""
            months = None
            if kind == "indictment" and rng.random() < 0.1:
                outcome = "dismissed"
            elif kind in ("first_instance", "appeal", "final"):
                outcome = rng.choices(["convicted", "acquitted"], [80, 20])[0]
                months = rng.choice([None, 6, 30, 84, 144]) if outcome == "convicted" else None
            yield Stage(
                proceeding=d.proceeding,
                defendant=d,
                kind=kind,
                on=on,
                outcome=outcome,
                prison_months=months,
                suspended=outcome == "convicted" and months is None and rng.random() < 0.5,
            )
            if outcome in ("dismissed", "acquitted"):
                break


ROLES = ["recruiter", "transporter", "exploiter", "organiser", "harbourer", "facilitator"]
SERVICES = ["", "police", "border", "customs", "judiciary"]
ASSETS = ["seized", "frozen", "confiscated", "special_fund", "compensation_ordered"]
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


# The justice tables (justice.domain.tables) and the detected victims by sex and age
# (exchange.domain.tables), by hand: each defendant once per table, at the first stage that
# counts them, in the period of that stage.
STAGES = {
    "arrested": "s.kind = 'arrest'",
    "prosecuted": "s.kind = 'indictment' AND s.outcome <> 'dismissed'",
    "convicted": "s.kind = 'final' AND s.outcome = 'convicted'",
    "acquitted": "s.kind = 'final' AND s.outcome = 'acquitted'",
    "appealed": "s.kind = 'appeal'",
}
CHILD = "'0-11', '12-14', '15-17'"
AGE = f"CASE WHEN x.age_band IN ({CHILD}) THEN 'child' ELSE 'adult' END"


def _rows(name: str) -> str:
    """Each defendant's first stage that counts for `name`, when it falls in the period."""
    return (
        "SELECT d.sex, d.age_band, d.official_service, f.prison_months, f.fine_lek, "
        'f.suspended FROM (SELECT s.defendant_id, s."on", s.prison_months, s.fine_lek, '
        's.suspended, ROW_NUMBER() OVER (PARTITION BY s.defendant_id ORDER BY s."on", s.id) AS r '
        f"FROM justice_stage s WHERE {STAGES[name]} AND s.defendant_id IS NOT NULL) f "
        "JOIN justice_defendant d ON d.id = f.defendant_id "
        'WHERE f.r = 1 AND f."on" BETWEEN %s AND %s'
    )


def _firsts(name: str) -> str:
    return f"({_rows(name)}) x"


def _sex_age(rows: str, count: str = "COUNT(*)", total: bool = False) -> str:
    """The cells of publication.domain.crosstab.SEX_AGE (and the total) over the rows of the
    query `rows`, read once."""
    sexed = "x.sex IN ('female', 'male')"
    aged = "x.age_band <> ''"
    cells = [f"SELECT 'all', {count} FROM x"] if total else []
    cells += [
        f"SELECT x.sex, {count} FROM x WHERE {sexed} GROUP BY 1",
        f"SELECT {AGE}, {count} FROM x WHERE {aged} GROUP BY 1",
        f"SELECT x.sex || '.' || {AGE}, {count} FROM x WHERE {sexed} AND {aged} GROUP BY 1",
    ]
    return f"WITH x AS MATERIALIZED ({rows}) " + " UNION ALL ".join(cells)


BAND = (
    "CASE WHEN x.suspended THEN 'suspended' "
    "WHEN COALESCE(x.prison_months, 0) = 0 THEN "
    "CASE WHEN COALESCE(x.fine_lek, 0) <> 0 THEN 'fine_only' ELSE 'other' END "
    "WHEN x.prison_months < 12 THEN 'under_1y' WHEN x.prison_months < 60 THEN '1_5y' "
    "WHEN x.prison_months < 120 THEN '5_10y' ELSE '10y_plus' END"
)
SERVICE = "CASE WHEN x.official_service = '' THEN 'none' ELSE x.official_service END"
DETECTED = (
    f"SELECT DISTINCT {KEY} AS k, p.stat_sex AS sex, c.age_band FROM {CASES} "
    f"WHERE c.kind = 'trafficking' AND {PERIOD}"
)
LINKED = (
    "justice_victimlink l JOIN justice_proceeding pr ON pr.id = l.proceeding_id "
    "JOIN cases_case c ON c.code = l.case_code JOIN cases_person p ON p.id = c.person_id "
    "WHERE l.status = 'confirmed' AND pr.registered_on BETWEEN %s AND %s"
)
SQL |= {
    **{f"justice.{name}": f"SELECT 'all', COUNT(*) FROM {_firsts(name)}" for name in STAGES},
    "justice.sentences": f"SELECT {BAND}, COUNT(*) FROM {_firsts('convicted')} GROUP BY 1",
    "justice.complicity_prosecuted": (
        f"SELECT {SERVICE}, COUNT(*) FROM {_firsts('prosecuted')} GROUP BY 1"
    ),
    "justice.complicity_convicted": (
        f"SELECT {SERVICE}, COUNT(*) FROM {_firsts('convicted')} GROUP BY 1"
    ),
    "justice.prosecuted_sex_age": _sex_age(_rows("prosecuted")),
    "justice.convicted_sex_age": _sex_age(_rows("convicted")),
    "justice.assets": (
        'SELECT kind, COUNT(*) FROM justice_assetrecord WHERE "on" BETWEEN %s AND %s GROUP BY 1'
    ),
    "justice.victims": (
        f"SELECT 'all', COUNT(DISTINCT {KEY}) FROM {LINKED} UNION ALL "
        f"SELECT l.role, COUNT(DISTINCT {KEY}) FROM {LINKED} GROUP BY 1"
    ),
    "victims.detected": _sex_age(DETECTED, "COUNT(DISTINCT x.k)", total=True),
}
AMOUNTS = (
    'SELECT kind, SUM(amount_lek) FROM justice_assetrecord WHERE "on" BETWEEN %s AND %s GROUP BY 1'
)


def by_hand(start: date, end: date) -> tuple[dict[tuple[str, str], int], dict]:
    """Every cell and every amount of the period, in hand-written SQL."""
    from django.db import connection

    from lidhja.publication.domain.tables import TABLES

    counts = {}
    with connection.cursor() as cursor:
        for table, sql in SQL.items():
            cursor.execute(sql, [start, end] * (sql.count("%s") // 2))
            found = {str(value): n for value, n in cursor.fetchall()}
            counts |= {key: found.get(key[1], 0) for key in TABLES[table].cells()}
        cursor.execute(AMOUNTS, [start, end])
        found = {
            kind: Decimal(total).quantize(Decimal("0.01")) for kind, total in cursor.fetchall()
        }
    amounts = {key: found.get(key[1], Decimal(0)) for key in TABLES["justice.assets"].cells()}
    return counts, amounts


def by_orm(period) -> tuple[dict[tuple[str, str], int], dict]:
    """What the pages count: every table of the registry (publication.domain.releases)."""
    from lidhja.publication.domain.releases import count_amounts, count_cells

    return count_cells(period), count_amounts(period)


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
    from lidhja.publication.domain.services import publish

    print(f"database: {connection.vendor}; machine: {os.cpu_count()} CPUs")
    start = time.perf_counter()
    seed()
    seed_justice()
    from lidhja.justice.models import Defendant, Proceeding

    print(
        f"dataset: {Person.objects.count():,} persons, {Case.objects.count():,} cases, "
        f"{Proceeding.objects.count():,} proceedings, {Defendant.objects.count():,} defendants "
        f"(written in {time.perf_counter() - start:.1f} s)"
    )
    year = Period(2009)
    start = time.perf_counter()
    for quarter in year.quarters():
        publish(quarter, by=SYSTEM)
    print(f"published 2009Q1-Q4 in {time.perf_counter() - start:.1f} s")

    from lidhja.publication.domain.tables import TABLES

    assert set(SQL) == set(TABLES), "every table of the registry has its hand-written twin"
    orm_counts, sql_counts = by_orm(year), by_hand(year.start, year.end)
    for key in sorted(set(orm_counts[0]) | set(sql_counts[0])):
        if orm_counts[0].get(key) != sql_counts[0].get(key):
            print("differs:", key, orm_counts[0].get(key), sql_counts[0].get(key))
    if orm_counts[1] != sql_counts[1]:
        print("amounts differ:", orm_counts[1], sql_counts[1])
    assert orm_counts == sql_counts, "the ORM and SQL disagree"
    onac = User.objects.create(
        username="bench.onac",
        organisation=Organisation.objects.get(code="ONAC"),
        role=Role.ONAC_ANALYST,
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(onac)
    url = reverse("publication:period", args=["2009"])
    assert client.get(url).status_code == 200  # warm-up, and a check it works
    orm, sql, draft = monitoring.timed_alternately(
        [lambda: by_orm(year), lambda: by_hand(year.start, year.end), lambda: client.get(url)],
        REPEAT,
    )
    print(_summary("count the year, ORM (tables.py)", orm))
    print(_summary("count the year, hand-written SQL", sql))
    print(f"{'ratio ORM / SQL (medians)':<48} {_median(orm) / _median(sql):.2f}")
    print(_summary("year draft page (count + decide + render)", draft))
    print(f"{'ratio draft page / SQL (medians)':<48} {_median(draft) / _median(sql):.2f}")
    per_table(year)
    publish(year, by=SYSTEM)
    assert client.get(url).status_code == 200
    page = monitoring.timed(lambda: client.get(url), REPEAT)
    print(_summary("year published page (frozen cells)", page))
    print(f"{'ratio published page / SQL (medians)':<48} {_median(page) / _median(sql):.2f}")
    return 0


def per_table(year) -> None:
    """Each table alone, ORM against SQL (medians of 3), to show where the time goes."""
    from django.db import connection

    from lidhja.publication.domain.tables import TABLES

    def by_sql(sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, [year.start, year.end] * (sql.count("%s") // 2))
            cursor.fetchall()

    print("each table alone (medians of 3):")
    for code, spec in TABLES.items():
        orm, sql = monitoring.timed_alternately(
            [
                lambda spec=spec: spec.count(year.start, year.end),
                lambda code=code: by_sql(SQL[code]),
            ],
            3,
        )
        print(f"  {code:<34} ORM {_median(orm) * 1000:8.1f} ms   SQL {_median(sql) * 1000:8.1f} ms")


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


if __name__ == "__main__":
    sys.exit(main())
