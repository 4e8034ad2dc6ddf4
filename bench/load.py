"""Load benchmark: 50 users of four kinds against a real gunicorn on the loopback interface.

A fresh data folder (and SQLite database, or the empty PostgreSQL database named by
BENCH_DATABASE_URL) is set up with `lidhja setup`, the synthetic `lidhja demo-data` and a
deterministic bench population: case workers with cases of their own, ONAC analysts, focal
points each with an obligation to report on, and API clients with tokens. Sessions are made
directly (SessionStore), so the benchmark does not depend on the sign-in pages.

Phases, each bounded in time (BENCH_SECONDS):
1. the mix: 50 users (20 case workers, 10 ONAC analysts, 10 focal points, 10 API clients),
   each repeating its kind's weighted tasks with no think time;
2. each page alone at 20 users, and /healthz alone: each page's throughput as a ratio to
   /healthz, every ONAC page included (ONAC_PAGES, beside the mix's own), and the dashboard's
   median and p95;
3. the audited case page (`case.viewed` written on every view) at 20 users, then the same
   page on a server whose audit appends are stubbed out (bench/noaudit.py), for the ratio.

The client is a small asyncio HTTP/1.1 client (standard library only). Any status other than
the expected one counts as an error; the gunicorn log is scanned for deadlocks.

    python bench/load.py                                     # SQLite
    BENCH_DATABASE_URL=postgres://... python bench/load.py   # PostgreSQL
"""

import asyncio
import io
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
MIX_SECONDS = float(os.environ.get("BENCH_MIX_SECONDS", SECONDS))  # the mix's medians want more
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
MIX = {"case_worker": 20, "onac": 10, "focal": 10, "api": 10}
ALONE_USERS = 20
WARM_UP = float(os.environ.get("BENCH_WARM_UP", "8"))
AUDIT_ROUNDS = 2
RUNS: list["Run"] = []  # every measured run, for the verdict
CSRF = "benchcsrfbenchcsrfbenchcsrfbench"  # 32 characters: an unmasked CSRF secret


@dataclass
class User:
    kind: str
    cookie: str = ""
    token: str = ""
    case: str = ""  # the case this user writes notes on
    version: int = 0
    obligation: int = 0
    report_version: int | None = None
    rng: random.Random = field(default_factory=random.Random)


@dataclass
class World:
    users: dict[str, list[User]]
    cases: list[str]  # cases the case workers and API clients read
    plan: str
    period: str
    review: int = 0  # an obligation whose report waits for review


# --- setting up ------------------------------------------------------------------------------


def _environment() -> dict[str, str]:
    env = {
        **os.environ,
        "LIDHJA_DATA_DIR": tempfile.mkdtemp(prefix="lidhja-load-"),
        "DJANGO_SETTINGS_MODULE": "lidhja.settings",
        "LOG_LEVEL": "WARNING",
        "LIDHJA_SESSION_MINUTES": "600",
    }
    env.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    return env


def _setup(env: dict[str, str]) -> World:
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    quiet = io.StringIO()  # the one-time passwords of synthetic users are not needed
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("setup", "--admin-username", "bench.admin", verbosity=0, stdout=quiet)
    call_command("demo_data", verbosity=0, stdout=quiet)
    import monitoring
    from lidhja.plans.models import Plan

    # Ten years of reports by default (the goal); BENCH_MONITORING_YEARS=3 keeps to
    # the seed plan's own years, 2008-2010.
    monitoring.YEARS = int(os.environ.get("BENCH_MONITORING_YEARS", "10"))
    monitoring.seed(Plan.objects.get(code="nap-2008-2010"))
    monitoring.analyze()
    world = _population()
    connection.close()
    return world


def _session(user) -> str:
    """A signed-in session, its second factor verified (with a device of its own)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return store.session_key


def _population() -> World:
    from datetime import timedelta

    from django.db import transaction
    from knox.models import AuthToken

    from lidhja.accounts.models import Role
    from lidhja.accounts.models import User as Account
    from lidhja.cases.domain import services
    from lidhja.cases.models import Case
    from lidhja.monitoring.models import ProgressReport, ReportingPeriod, ReportStatus
    from lidhja.organisations.models import Organisation

    def account(name: str, role: str, org: str) -> Account:
        return Account.objects.create(
            username=name, role=role, organisation=Organisation.objects.get(code=org)
        )

    users: dict[str, list[User]] = defaultdict(list)
    period = ReportingPeriod.objects.filter(obligations__report__isnull=False).latest("code")
    with transaction.atomic():
        for n in range(MIX["case_worker"]):
            worker = account(f"bench.social.{n:02}", Role.SOCIAL_WORKER, "MUN-TR")
            case = _bench_case(services, worker, n)
            users["case_worker"].append(
                User("case_worker", cookie=_session(worker), case=case.code, version=case.version)
            )
        for n in range(MIX["onac"]):
            analyst = account(f"bench.onac.{n:02}", Role.ONAC_ANALYST, "ONAC")
            users["onac"].append(User("onac", cookie=_session(analyst)))
        drafts = ProgressReport.objects.filter(status=ReportStatus.DRAFT, obligation__period=period)
        for n, draft in enumerate(
            drafts.select_related("obligation__organisation").order_by("pk")[:10]
        ):
            code = draft.obligation.organisation.code
            focal = account(f"bench.focal.{n:02}", Role.FOCAL_POINT, code)
            users["focal"].append(
                User(
                    "focal",
                    cookie=_session(focal),
                    obligation=draft.obligation_id,
                    report_version=draft.version,
                )
            )
        for n in range(MIX["api"]):
            client = account(f"bench.api.{n:02}", Role.SOCIAL_WORKER, "MUN-TR")
            _token, secret = AuthToken.objects.create(client, expiry=timedelta(days=1))
            users["api"].append(User("api", token=secret))
    readable = list(
        Case.objects.filter(managing_organisation__code="MUN-TR")
        .order_by("code")
        .values_list("code", flat=True)
    )
    for kind, members in users.items():
        for n, member in enumerate(members):
            member.rng = random.Random(f"{kind}-{n}")
    submitted = ProgressReport.objects.filter(
        status=ReportStatus.SUBMITTED, obligation__period=period
    ).order_by("pk")
    review = submitted.values_list("obligation_id", flat=True).first() or 0
    return World(dict(users), readable, "nap-2008-2010", period.code, review)


def _bench_case(services, worker, n: int):
    from datetime import date

    return services.open_case(
        by=worker,
        identity_values={"given_name": f"Bench{n:02}", "family_name": "Synthetic"},
        details={
            "kind": "trafficking",
            "identified_on": date(2026, 1, 1 + n),
            "identification_source": "police",
            "minor_at_exploitation": False,
        },
        exploitation=["labour"],
        status="presumed",
        criteria="Synthetic bench case.",
    )


# --- the server ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1, `app` being lidhja.wsgi or the audit-stubbed bench wrapper."""

    def __init__(self, env: dict[str, str], app: str, log: Path):
        self.port = _free_port()
        self.log = log
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            app,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(WORKERS),
            "--pythonpath",
            str(BENCH),
            "--backlog",
            "256",
            "--timeout",
            "300",
            "--preload",
        ]
        with log.open("ab") as out:
            self.process = subprocess.Popen(command, env=env, stdout=out, stderr=out)  # noqa: S603
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"gunicorn did not start; see {log}")

    def warm(self, world: World) -> None:
        """Every worker loads the application and its views before anything is measured."""
        users = [u for kind in MIX for u in world.users[kind]]
        RUNS.remove(load(self.port, users, world, _reading, seconds=WARM_UP))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


# --- the client ------------------------------------------------------------------------------


async def _request(port: int, method: str, path: str, headers: dict, body: bytes = b""):
    """(status, body) of one request on its own connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    await writer.drain()
    raw = await reader.read()
    writer.close()
    head, _, content = raw.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), content


@dataclass
class Task:
    label: str
    method: str
    path: str
    expect: int
    form: dict | None = None


def _tasks(user: User, world: World) -> list[tuple[int, Task]]:
    """The weighted tasks of a user's kind (weight, task)."""
    rng, case = user.rng, user.rng.choice(world.cases)
    if user.kind == "case_worker":
        note = {"version": user.version, "note": f"Synthetic bench note {rng.random():.6f}."}
        return [
            (3, Task("case list", "GET", "/cases/", 200)),
            (5, Task("case page", "GET", f"/cases/{case}/", 200)),
            (1, Task("note (POST)", "POST", f"/cases/{user.case}/note/", 302, note)),
        ]
    if user.kind == "onac":
        return [
            (2, Task("dashboard", "GET", f"/monitoring/dashboard/?plan={world.plan}", 200)),
            (2, Task("compliance", "GET", f"/monitoring/{world.period}/compliance/", 200)),
            (1, Task("plan page", "GET", f"/plans/{world.plan}/", 200)),
        ]
    if user.kind == "focal":
        draft = {
            "version": "" if user.report_version is None else user.report_version,
            "implementation_status": "on_track",
            "narrative": "Synthetic bench narrative.",
            "outputs_achieved": "Synthetic outputs",
            "expenditure": "1000.00",
            "currency": "ALL",
            "funding_source": "state",
        }
        report = f"/monitoring/obligations/{user.obligation}/"
        return [
            (2, Task("monitoring periods", "GET", "/monitoring/", 200)),
            (2, Task("obligations of a period", "GET", f"/monitoring/{world.period}/", 200)),
            (2, Task("report form", "GET", report, 200)),
            (1, Task("report draft (POST)", "POST", report, 302, draft)),
        ]
    return [
        (1, Task("API case list", "GET", "/api/cases/?limit=50", 200)),
        (2, Task("API case detail", "GET", f"/api/cases/{case}/", 200)),
    ]


def onac_pages(world: World) -> list[Task]:
    """Every page ONAC works with, each measured alone in phase 2 (the mix keeps its three)."""
    return [
        Task("dashboard", "GET", f"/monitoring/dashboard/?plan={world.plan}", 200),
        Task("compliance", "GET", f"/monitoring/{world.period}/compliance/", 200),
        Task("monitoring periods (ONAC)", "GET", "/monitoring/", 200),
        Task("obligations of a period (ONAC)", "GET", f"/monitoring/{world.period}/", 200),
        Task("report review page", "GET", f"/monitoring/obligations/{world.review}/", 200),
        Task("evaluation", "GET", f"/evaluation/?plan={world.plan}", 200),
        Task("resources summary", "GET", f"/resources/?plan={world.plan}", 200),
        Task("indicators", "GET", f"/indicators/?plan={world.plan}", 200),
        Task("plan page", "GET", f"/plans/{world.plan}/", 200),
    ]


def _headers(user: User, task: Task) -> dict[str, str]:
    if user.token:
        return {"Authorization": f"Token {user.token}", "Accept": "application/json"}
    headers = {"Cookie": f"sessionid={user.cookie}; csrftoken={CSRF}"}
    if task.form is not None:
        headers["X-CSRFToken"] = CSRF
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    return headers


def _written(user: User, task: Task) -> None:
    """A successful write moves the version the user's next write must quote."""
    if task.label == "note (POST)":
        user.version += 1
    elif task.label == "report draft (POST)":
        user.report_version = 1 if user.report_version is None else user.report_version + 1


@dataclass
class Run:
    seconds: float = 0.0
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(t) for t in self.times.values()) + sum(self.errors.values())


async def _user_loop(port: int, user: User, world: World, pick, run: Run, until: float):
    while time.perf_counter() < until:
        task = pick(user, world)
        body = urlencode(task.form).encode() if task.form is not None else b""
        start = time.perf_counter()
        try:
            status, content = await _request(
                port, task.method, task.path, _headers(user, task), body
            )
        except (OSError, ValueError, IndexError) as exc:
            status, content = 0, str(exc).encode()
        elapsed = time.perf_counter() - start
        if status == task.expect:
            run.times[task.label].append(elapsed)
            _written(user, task)
        else:
            run.errors[task.label] += 1
            if len(run.samples) < 5:
                run.samples.append(f"{task.label}: {status} {content[:200]!r}")


def _weighted(user: User, world: World) -> Task:
    weights, tasks = zip(*_tasks(user, world), strict=True)
    return user.rng.choices(tasks, weights=weights)[0]


def _only(label: str):
    def pick(user: User, world: World) -> Task:
        return next(t for _w, t in _tasks(user, world) if t.label == label)

    return pick


def _reading(user: User, world: World) -> Task:
    """A page the user's kind reads (no writes, whose versions the users keep count of)."""
    return user.rng.choice([t for _w, t in _tasks(user, world) if t.form is None])


def _healthz(_user: User, _world: World) -> Task:
    return Task("/healthz", "GET", "/healthz", 200)


def load(port: int, users: list[User], world: World, pick=_weighted, seconds=SECONDS) -> Run:
    run = Run()

    async def main() -> None:
        until = time.perf_counter() + seconds
        await asyncio.gather(*(_user_loop(port, u, world, pick, run, until) for u in users))

    start = time.perf_counter()
    asyncio.run(main())
    run.seconds = time.perf_counter() - start
    RUNS.append(run)
    return run


# --- reporting -------------------------------------------------------------------------------


def _ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _report_mix(run: Run) -> None:
    print(
        f"mix, 50 users, {run.seconds:.0f} s: {run.total} requests, "
        f"{run.total / run.seconds:.1f} requests/s, errors {sum(run.errors.values())}"
    )
    for label in sorted(set(run.times) | set(run.errors)):
        t = run.times[label]
        print(
            f"  {label:<26} n={len(t):>5}  errors {run.errors.get(label, 0):>3}  "
            f"median {statistics.median(t) * 1000 if t else 0:7.1f} ms  "
            f"p95 {_ms(t, 0.95) if t else 0:7.1f} ms"
        )
    for sample in run.samples:
        print(f"  ! {sample}")


def _throughput(run: Run) -> float:
    return sum(len(t) for t in run.times.values()) / run.seconds


def _alone(port: int, world: World) -> None:
    """Each page alone at ALONE_USERS users; its requests/s as a ratio to /healthz's."""
    per_kind = {kind: world.users[kind] for kind in MIX}
    crowd = [u for kind in ("case_worker", "onac") for u in per_kind[kind]][:ALONE_USERS]
    base = load(port, crowd, world, _healthz)
    base_rate = _throughput(base)
    print(f"each page alone, {ALONE_USERS} users, {SECONDS:.0f} s each (ratio to /healthz)")
    print(
        f"  {'/healthz':<26} {base_rate:7.1f} requests/s  1.00  errors {sum(base.errors.values())}"
    )
    for task in onac_pages(world):
        members = (per_kind["onac"] * ALONE_USERS)[:ALONE_USERS]
        run = load(port, members, world, lambda _u, _w, task=task: task)
        _report_alone(task.label, run, base_rate, len(members))
        if task.label == "dashboard":
            t = run.times["dashboard"]
            print(
                f"  {'':<26} dashboard median {statistics.median(t) * 1000 if t else 0:.1f} ms, "
                f"p95 {_ms(t, 0.95) if t else 0:.1f} ms ({ALONE_USERS} users; goal p95 <= 150 ms)"
            )
    onac = {t.label for t in onac_pages(world)}
    labels = {kind: [t.label for _w, t in _tasks(per_kind[kind][0], world)] for kind in per_kind}
    for kind, names in labels.items():
        members = (per_kind[kind] * ALONE_USERS)[:ALONE_USERS]
        if kind in ("case_worker", "focal"):
            members = per_kind[kind]  # writers each keep to their own case or report
        for label in names:
            if label in onac:
                continue  # measured above
            run = load(port, members, world, _only(label))
            _report_alone(label, run, base_rate, len(members))


def _report_alone(label: str, run: "Run", base_rate: float, users: int) -> None:
    rate = _throughput(run)
    print(
        f"  {label:<30} {rate:7.1f} requests/s  {rate / base_rate:4.2f}  "
        f"errors {sum(run.errors.values())}  ({users} users)"
    )
    for sample in run.samples:
        print(f"  ! {sample}")


def _audit_ratio(env: dict[str, str], world: World, log: Path) -> None:
    """Audited and stubbed servers in turn (AUDIT_ROUNDS each): the machine's other load
    weighs on both alike."""
    readers = world.users["case_worker"][:20]
    served: dict[str, list[float]] = defaultdict(list)
    seconds: dict[str, float] = defaultdict(float)
    errors = 0
    apps = (("audited", "served:application"), ("stubbed", "noaudit:application"))
    for _round in range(AUDIT_ROUNDS):
        for name, app in apps:
            server = Server(env, app, log)
            try:
                server.warm(world)
                run = load(server.port, readers, world, _only("case page"))
            finally:
                server.stop()
            served[name] += run.times["case page"]
            seconds[name] += run.seconds
            errors += sum(run.errors.values())
            print(f"  {name:<8} {len(run.times['case page']) / run.seconds:7.1f} requests/s")
    rates = {name: len(served[name]) / seconds[name] for name in served}
    for name, rate in rates.items():
        t = served[name]
        print(
            f"  case page, audit {name:<8} {rate:7.1f} requests/s  "
            f"median {statistics.median(t) * 1000:6.1f} ms  p95 {_ms(t, 0.95):6.1f} ms"
        )
    print(
        f"  ratio audited / stubbed: {rates['audited'] / rates['stubbed']:.2f} (goal >= 0.50); "
        f"errors {errors}"
    )


def main() -> int:
    env = _environment()
    world = _setup(env)
    from django.db import connection

    log = Path(env["LIDHJA_DATA_DIR"]) / "gunicorn.log"
    print(
        f"database: {connection.vendor}; {WORKERS} gunicorn sync workers; "
        f"{len(world.cases)} readable cases; mix {MIX_SECONDS:.0f} s, {SECONDS:.0f} s per other "
        f"phase; log {log}"
    )
    phases = os.environ.get("BENCH_PHASES", "mix,alone,audit").split(",")
    if "mix" in phases or "alone" in phases:
        server = Server(env, "served:application", log)
        try:
            server.warm(world)
            if "mix" in phases:
                mix = [u for kind in MIX for u in world.users[kind]]
                _report_mix(load(server.port, mix, world, seconds=MIX_SECONDS))
            if "alone" in phases:
                _alone(server.port, world)
        finally:
            server.stop()
    if "audit" in phases:
        print("audited case page at 20 users, against the same page with audit appends stubbed")
        _audit_ratio(env, world, log)
    text = log.read_text(errors="replace")
    deadlocks = len(re.findall(r"deadlock", text, re.IGNORECASE))
    tracebacks = text.count("Traceback")
    errors = sum(sum(run.errors.values()) for run in RUNS)
    print(f"errors: {errors}; server log: {deadlocks} deadlocks, {tracebacks} tracebacks")
    return 1 if errors or deadlocks or tracebacks else 0


if __name__ == "__main__":
    sys.exit(main())
