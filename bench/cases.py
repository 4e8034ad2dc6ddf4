"""Case benchmark (National Referral Mechanism): the case list and case search at scale.

Runs on a fresh database of its own, as bench/run.py does: SQLite in a temporary folder, or
the empty PostgreSQL database named by BENCH_DATABASE_URL. A keyring is generated into the
temporary data folder. Synthetic data are deterministic (random.Random(2008)); only the
ciphertexts differ from run to run (random nonces).

- 61 synthetic municipal social units (MUN-B01..MUN-B61, over the 12 qarks) plus the seeded
  MUN-TR, which manages about 15% of the cases; police and border police open some cases.
- BENCH_CASES persons (default 100,000) with a really sealed identity and their name tokens
  (blind index), one case each with 1-2 forms of exploitation, ~30% as many referrals,
  ~20% as many care plans with ~2 steps each (some overdue), and BENCH_EVENTS case events
  (default 1,000,000; at least one per case).

Then, for a municipal social worker of MUN-TR and for a Responsible Authority officer, it
times the case list page (real view, full middleware stack): first page, filtered, overdue
plan steps, a search by full name (blind index) and a search by case code prefix.

    python bench/cases.py                               # SQLite
    BENCH_DATABASE_URL=postgres://... python bench/cases.py
    BENCH_EXPLAIN=1 python bench/cases.py               # also print the query plans
"""

import os
import random
import sys
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from itertools import accumulate

import monitoring
from run import _configure, _summary

CASES = int(os.environ.get("BENCH_CASES", "100000"))
EVENTS = int(os.environ.get("BENCH_EVENTS", "1000000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
EXPLAIN = bool(os.environ.get("BENCH_EXPLAIN"))
CHUNK = 10_000  # cases written per transaction
FIRST_DAY, LAST_DAY = date(2008, 1, 1), date(2026, 10, 31)
UNITS = 61
TIRANA_SHARE = 0.15
TIMES: dict[str, float] = defaultdict(float)

PAIRS = "arbedaelfigokaleminaorperisatavazolukedimonetibu"
SYLLABLES = [PAIRS[i : i + 2] for i in range(0, len(PAIRS), 2)]
SOURCES = {
    "police": 30,
    "border": 10,
    "helpline": 8,
    "ngo": 15,
    "social_services": 20,
    "consulate": 5,
    "self": 7,
    "other": 5,
}
FORMS = {
    "sexual": 45,
    "labour": 25,
    "begging": 12,
    "criminality": 6,
    "slavery": 5,
    "other": 5,
    "organs": 2,
}
COUNTRIES = ["AL", "IT", "GR", "GB", "DE", "FR", "XK", "MK", "ME", "TR", "BE", "NL"]
MIDDLE_EVENTS = {
    "updated": 20,
    "note": 18,
    "service": 14,
    "referral_sent": 8,
    "referral_answered": 7,
    "plan": 6,
    "plan_step": 8,
    "follow_up": 8,
    "status": 5,
    "screening": 3,
    "attachment": 3,
}
PROVIDERS = ["NRCVT", "VATRA", "TJV", "DEQ", "BKTF", "NPF", "TDH", "MURIALDO", "SSS", "NES"]


def _weighted(rng: random.Random, table: dict[str, int], k: int = 1) -> list[str]:
    return rng.choices(list(table), weights=list(table.values()), k=k)


def _names(rng: random.Random, count: int, syllables: tuple[int, int], suffix: str) -> list[str]:
    names: dict[str, None] = {}
    while len(names) < count:
        parts = rng.randint(*syllables)
        names["".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize() + suffix] = None
    return list(names)


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _at(day: date, hours: float) -> datetime:
    return datetime.combine(day, clock(8), tzinfo=UTC) + timedelta(hours=hours)


@contextmanager
def _clock(table: str):
    start = time.perf_counter()
    yield
    TIMES[table] += time.perf_counter() - start


class World:
    """What every chunk needs: organisations, names, users, the keyring."""

    def __init__(self, rng: random.Random):
        from django.db import connection

        from lidhja.accounts.models import Role, User
        from lidhja.cases.domain import crypto
        from lidhja.cases.domain.services import CODE_ALPHABET
        from lidhja.organisations.models import Kind, Level, Organisation, Qark

        qarks = [q.value for q in Qark]
        Organisation.objects.bulk_create(
            Organisation(
                code=f"MUN-B{n:02d}",
                name=f"Synthetic municipal social unit B{n:02d}",
                kind=Kind.STATE,
                level=Level.LOCAL,
                qark=qarks[(n - 1) % len(qarks)],
            )
            for n in range(1, UNITS + 1)
        )
        units = list(Organisation.objects.filter(code__startswith="MUN-B").order_by("code"))
        self.tirana = Organisation.objects.get(code="MUN-TR")
        self.units = [self.tirana, *units]
        rest = [1 / (rank + 3) for rank in range(len(units))]
        self.unit_weights = [TIRANA_SHARE] + [(1 - TIRANA_SHARE) * w / sum(rest) for w in rest]
        self.police = Organisation.objects.get(code="ASP")
        self.border = Organisation.objects.get(code="BMP")
        self.providers = list(Organisation.objects.filter(code__in=PROVIDERS).order_by("code"))
        self.worker = User.objects.create(
            username="bench.social.tirana", organisation=self.tirana, role=Role.SOCIAL_WORKER
        )
        self.officer = User.objects.create(
            username="bench.ra",
            organisation=Organisation.objects.get(code="RA"),
            role=Role.RA_OFFICER,
        )
        self.given = _names(rng, 300, (2, 3), "")
        self.family = _names(rng, 500, (2, 3), "aj")
        self.given_cum = list(accumulate(1 / (rank + 5) for rank in range(len(self.given))))
        self.family_cum = list(accumulate(1 / (rank + 5) for rank in range(len(self.family))))
        self.ring = crypto.keyring()
        self.digests: dict[str, str] = {}
        self.alphabet = CODE_ALPHABET
        self.codes: set[str] = set()
        self.batch = 5000 if connection.vendor == "postgresql" else 1000

    def digest(self, part: str) -> str:
        if part not in self.digests:
            self.digests[part] = self.ring.blind_index(part)
        return self.digests[part]

    def code(self, rng: random.Random) -> str:
        while True:
            code = "C-" + "".join(rng.choice(self.alphabet) for _ in range(8))
            if code not in self.codes:
                self.codes.add(code)
                return code


def _event_counts(rng: random.Random) -> list[int]:
    """Events per case: one each (opened), the rest spread by random weights, summing exactly."""
    if EVENTS < CASES:
        raise SystemExit("BENCH_EVENTS must be at least BENCH_CASES (one event per case)")
    weights = [rng.randint(0, 18) for _ in range(CASES)]
    total, spare = sum(weights) or 1, EVENTS - CASES
    bounds = [0, *(spare * w // total for w in accumulate(weights))]
    counts = [1 + bounds[i + 1] - bounds[i] for i in range(CASES)]
    counts[-1] += EVENTS - sum(counts)
    return counts


def seed() -> World:
    from django.db import connection, transaction

    rng = random.Random(2008)
    world = World(rng)
    counts = _event_counts(rng)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    start = time.perf_counter()
    for first in range(0, CASES, CHUNK):
        with transaction.atomic():
            _chunk(rng, world, counts[first : first + CHUNK])
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=NORMAL")
    else:
        monitoring.analyze()  # what autovacuum would have done by now
    print(f"generated in {time.perf_counter() - start:.1f} s:")
    for table, seconds in TIMES.items():
        print(f"  {table:<18} {seconds:7.1f} s")
    return world


def _chunk(rng: random.Random, world: World, counts: list[int]) -> None:
    from lidhja.cases.models import Case, NameToken

    people = _persons(rng, world, len(counts))
    with _clock("NameToken"):
        NameToken.objects.bulk_create(
            [
                NameToken(person=person, digest=world.digest(part))
                for person, values in people
                for part in _parts(values)
            ],
            batch_size=world.batch,
        )
    with _clock("Case"):
        cases = [_case(rng, world, person, values) for person, values in people]
        Case.objects.bulk_create(cases, batch_size=world.batch)
    _exploitation(rng, world, cases)
    _referrals(rng, world, cases)
    _plans(rng, world, cases)
    _events(rng, world, cases, counts)


def _parts(values: dict[str, str]) -> set[str]:
    from lidhja.cases.domain.identity import name_parts

    return name_parts(values)


def _persons(rng: random.Random, world: World, count: int) -> list:
    from lidhja.cases.domain import crypto
    from lidhja.cases.domain.identity import to_storable
    from lidhja.cases.models import Person

    with _clock("Person"):
        people = []
        for _ in range(count):
            person = Person(uuid=uuid.UUID(int=rng.getrandbits(128), version=4))
            foreign = rng.random() < 0.05
            values = to_storable(
                {
                    "given_name": rng.choices(world.given, cum_weights=world.given_cum)[0],
                    "family_name": rng.choices(world.family, cum_weights=world.family_cum)[0],
                    "other_names": rng.choice(world.given) if rng.random() < 0.1 else "",
                    "date_of_birth": _day(rng, date(1965, 1, 1), date(2012, 12, 31)),
                    "sex": rng.choices(["female", "male", "other"], weights=[70, 29, 1])[0],
                    "citizenship": rng.choice(COUNTRIES[1:]) if foreign else "AL",
                }
            )
            person.sealed = world.ring.seal(crypto.json_bytes(values), person.context)
            person.key_id = world.ring.current
            people.append((person, values))
        Person.objects.bulk_create([p for p, _ in people], batch_size=world.batch)
    return people


def _case(rng: random.Random, world: World, person, values: dict[str, str]):
    from lidhja.cases.models import Case

    unit = rng.choices(world.units, weights=world.unit_weights)[0]
    source = _weighted(rng, SOURCES)[0]
    opened_by = {"police": world.police, "border": world.border}.get(source, unit)
    if opened_by is unit and unit is not world.tirana and rng.random() < 0.01:
        opened_by = world.tirana  # opened in Tirana, then transferred to the home unit
    # More cases in later years, as identification improved.
    identified = _day(rng, FIRST_DAY, LAST_DAY)
    if rng.random() < 0.3:
        identified = max(identified, _day(rng, FIRST_DAY, LAST_DAY))
    age_days = (LAST_DAY - identified).days
    roll = rng.random()
    if roll < (0.8 if age_days < 365 else 0.4 if age_days < 3 * 365 else 0.08):
        stage = "open"
    else:
        stage = "archived" if age_days > 5 * 365 and rng.random() < 0.3 else "closed"
    kind = "trafficking" if rng.random() < 0.7 else "at_risk"
    status = (
        rng.choices(["potential", "presumed", "identified"], weights=[3, 3, 4])[0]
        if kind == "trafficking"
        else "at_risk"
    )
    born = date.fromisoformat(values["date_of_birth"])
    closed = min(LAST_DAY, identified + timedelta(days=rng.randint(60, 900)))
    transnational = rng.random() < 0.4
    return Case(
        code=world.code(rng),
        person=person,
        kind=kind,
        status=status,
        is_witness=rng.random() < 0.1,
        stage=stage,
        flagged=rng.random() < 0.02,
        managing_organisation=unit,
        opened_by_organisation=opened_by,
        qark=unit.qark,
        identified_on=identified,
        identification_source=source,
        border_point=rng.choice(["rinas", "kakavije", "hani_hotit", "morine"])
        if source == "border"
        else "",
        transnational=transnational,
        recruitment_countries=["AL"],
        exploitation_countries=[rng.choice(COUNTRIES[1:])] if transnational else ["AL"],
        recruitment_means=rng.choice(["job_offer", "romance", "family", "online", "unknown"]),
        recruiter_relation=rng.choice(["stranger", "acquaintance", "partner", "family"]),
        minor_at_exploitation=(identified - born).days < 18 * 365,
        is_child=(LAST_DAY - born).days < 18 * 365,
        foreign_national=values["citizenship"] != "AL",
        closed_on=closed if stage != "open" else None,
        closure_reason=rng.choice(["reintegrated", "returned", "lost_contact", "refused"])
        if stage != "open"
        else "",
        archived_at=_at(closed, 24 * 365) if stage == "archived" else None,
    )


def _exploitation(rng: random.Random, world: World, cases: list) -> None:
    from lidhja.cases.models import CaseExploitation

    with _clock("CaseExploitation"):
        rows = [
            CaseExploitation(case=case, form=form)
            for case in cases
            for form in dict.fromkeys(_weighted(rng, FORMS, 1 if rng.random() < 0.7 else 2))
        ]
        CaseExploitation.objects.bulk_create(rows, batch_size=world.batch)


def _referrals(rng: random.Random, world: World, cases: list) -> None:
    from lidhja.cases.models import Referral

    with _clock("Referral"):
        rows = []
        for case in cases:
            if rng.random() >= 0.2:
                continue
            for _ in range(rng.randint(1, 2)):
                sent = _at(_day(rng, case.identified_on, case.closed_on or LAST_DAY), 2)
                status = (
                    rng.choice(["sent", "accepted", "started", "completed"])
                    if case.stage == "open"
                    else rng.choice(["completed", "completed", "declined"])
                )
                rows.append(
                    Referral(
                        case=case,
                        from_organisation=case.managing_organisation,
                        to_organisation=rng.choice(world.providers),
                        service=rng.choice(["shelter", "medical", "psychological", "vocational"]),
                        status=status,
                        shared=["identity", "needs"],
                        sent_at=sent,
                        responded_at=None if status == "sent" else sent + timedelta(days=2),
                        sent_by=world.worker,
                    )
                )
        Referral.objects.bulk_create(rows, batch_size=world.batch)


def _plans(rng: random.Random, world: World, cases: list) -> None:
    from lidhja.cases.models import CarePlan, PlanStep

    with _clock("CarePlan"):
        plans = [
            CarePlan(
                case=case,
                kind=rng.choice(["needs", "assistance", "risk", "reintegration"]),
                organisation=case.managing_organisation,
                recorded_by=world.worker,
                made_on=_day(rng, case.identified_on, case.closed_on or LAST_DAY),
                risk_level=rng.choice(["low", "medium", "high"]),
            )
            for case in cases
            if rng.random() < 0.2
        ]
        CarePlan.objects.bulk_create(plans, batch_size=world.batch)
    with _clock("PlanStep"):
        steps = []
        for plan in plans:
            for _ in range(rng.randint(1, 3)):
                due = plan.made_on + timedelta(days=rng.randint(14, 240))
                done = due + timedelta(days=rng.randint(-10, 20))
                late = plan.case.stage == "open" and rng.random() < 0.15
                steps.append(
                    PlanStep(
                        plan=plan,
                        due_on=due,
                        done_on=None if late or done > LAST_DAY else min(done, LAST_DAY),
                    )
                )
        PlanStep.objects.bulk_create(steps, batch_size=world.batch)


def _events(rng: random.Random, world: World, cases: list, counts: list[int]) -> None:
    """Written with executemany (SQLite) or COPY (PostgreSQL): a million rows through
    bulk_create would take minutes of Django's per-value preparation."""
    from django.db import connection

    from lidhja.cases.models import CaseEvent

    native_uuid = connection.features.has_native_uuid_field
    adapt = connection.ops.adapt_datetimefield_value
    with _clock("CaseEvent"):
        rows = []
        for case, count in zip(cases, counts, strict=True):
            kinds = ["opened", *_weighted(rng, MIDDLE_EVENTS, count - 1)]
            if case.stage != "open" and count >= 2:
                kinds[-1] = "closed"
            if case.stage == "archived" and count >= 3:
                kinds[-2:] = ["closed", "archived"]
            span = ((case.closed_on or LAST_DAY) - case.identified_on).days * 24 + 24
            hours = sorted(rng.uniform(0, span) for _ in range(count - 1))
            for version, (kind, hour) in enumerate(zip(kinds, [0.0, *hours], strict=True), 1):
                key = uuid.UUID(int=rng.getrandbits(128), version=4)
                note = None
                if kind == "note" and rng.random() < 0.05:
                    note = world.ring.seal(b"Synthetic note.", f"event:{key}")
                details = f'{{"status": "{case.status}"}}' if kind in ("opened", "status") else "{}"
                rows.append(
                    (
                        key if native_uuid else key.hex,
                        case.pk,
                        kind,
                        adapt(_at(case.identified_on, hour)),
                        case.managing_organisation_id,
                        details,
                        note,
                        version,
                    )
                )
        _insert_rows(CaseEvent._meta.db_table, EVENT_COLUMNS, rows)


EVENT_COLUMNS = (
    "uuid",
    "case_id",
    "kind",
    "at",
    "organisation_id",
    "details",
    "sealed_note",
    "case_version",
)


def _insert_rows(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    from django.db import connection

    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608 (model names)
            cursor.executemany(sql, rows)


def measure(world: World) -> None:
    from django.test import Client

    from lidhja.cases.domain.identity import read_unchecked
    from lidhja.cases.domain.queries import CaseFilter, case_list
    from lidhja.cases.models import Case

    sample = (
        Case.objects.filter(managing_organisation=world.tirana, stage="open")
        .order_by("code")
        .first()
    )
    values = read_unchecked(sample.person)
    full_name = f"{values['given_name']} {values['family_name']}"
    prefix = sample.code[:5]
    queries = [
        ("case list, first page", {}),
        ("list, identified + labour", FILTERED),
        ("list, overdue plan steps", {"overdue": "on"}),
        (f"search by name '{full_name}'", {"q": full_name}),
        (f"search by code prefix '{prefix}'", {"q": prefix}),
    ]
    users = [
        (world.worker, "municipal worker (MUN-TR, {n:,} cases)"),
        (world.officer, "Responsible Authority ({n:,} cases)"),
    ]
    for user, who in users:
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        _pass_second_factor(client, user)
        print(who.format(n=case_list(user, CaseFilter()).count()) + ":")
        for label, query in queries:
            f = CaseFilter(**{k: v == "on" if k == "overdue" else v for k, v in query.items()})
            found = case_list(user, f).count()
            print(_summary(f"  {label} ({found:,} found)", _time_get(client, query)))


FILTERED = {"status": "identified", "exploitation": "labour"}


def _pass_second_factor(client, user) -> None:
    """Case workers sign in with a second factor: the session is marked as past it."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def _time_get(client, query: dict) -> list[float]:
    """Warm-up, then BENCH_REPEAT timed requests; when the warm-up takes over 10 s, that one
    request is the sample. When the warm-up takes over half a second, or with BENCH_EXPLAIN,
    the slowest queries it ran (with BENCH_EXPLAIN, and their plans)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    url = reverse("cases:list")
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        _get(client, url, query)  # warm-up, and a check it works
    warm = time.perf_counter() - start
    if EXPLAIN or warm > 0.5:
        slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
        for q in [q for q in slowest if float(q["time"]) > 0.02][:2]:
            print(f"    {float(q['time']) * 1000:9.1f} ms  {q['sql'][:300]}")
            if EXPLAIN:
                print(_plan(q["sql"]))
    if warm > 10:
        return [warm]
    return monitoring.timed(lambda: _get(client, url, query), REPEAT)


def _get(client, url: str, query: dict) -> None:
    assert client.get(url, query).status_code == 200


def _plan(sql: str) -> str:
    from django.db import connection

    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql)
        return "\n".join("      " + " ".join(map(str, row)) for row in cursor.fetchall())


def main() -> int:
    for name in ("LIDHJA_CASE_KEYRING", "LIDHJA_CASE_KEYRING_PATH"):
        os.environ.pop(name, None)  # never a real keyring: a new one in the temporary folder
    _configure()
    from django.db import connection

    from lidhja.cases.domain import crypto
    from lidhja.cases.models import Case, CaseEvent, NameToken, Person, PlanStep, Referral

    crypto.ensure_keyring_file()
    print(f"database: {connection.vendor}; machine: {os.cpu_count()} CPUs")
    world = seed()
    print(
        f"dataset: {Person.objects.count():,} persons, {NameToken.objects.count():,} name tokens, "
        f"{Case.objects.count():,} cases, {CaseEvent.objects.count():,} events, "
        f"{Referral.objects.count():,} referrals, {PlanStep.objects.count():,} plan steps"
    )
    measure(world)
    return 0


if __name__ == "__main__":
    sys.exit(main())
