"""Benchmarks (not tests): plan import and the plan page, with the seed and a 10x plan.

Runs on a fresh database of its own: SQLite in a temporary folder, or the PostgreSQL database
named by BENCH_DATABASE_URL (it must be empty; the benchmark migrates it). Synthetic data are
deterministic: the 10x plan is the seed plan repeated ten times with shifted aim numbers.

    make bench                          # SQLite
    BENCH_DATABASE_URL=postgres://... make bench
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
REPEAT_IMPORT = int(os.environ.get("BENCH_REPEAT_IMPORT", "7"))
REPEAT_PAGE = int(os.environ.get("BENCH_REPEAT_PAGE", "30"))
SCALE = 10


def _configure() -> None:
    data_dir = tempfile.mkdtemp(prefix="lidhja-bench-")
    os.environ["LIDHJA_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lidhja.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from lidhja.accounts.domain.actors import SYSTEM
    from lidhja.organisations.domain.seed import ensure_organisations, seed_rows

    ensure_organisations(seed_rows(), by=SYSTEM)


def _summary(label: str, seconds: list[float], unit: str = "ms") -> str:
    values = sorted(s * 1000 for s in seconds)
    median = statistics.median(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"{label:<48} median {median:9.1f} {unit}   p95 {p95:9.1f} {unit}   (n={len(values)})"


def _scaled_plan(seed_dir: Path, target: Path, scale: int) -> int:
    """Write the seed plan repeated `scale` times (aims N, N+10, N+20, ...) as one YAML file."""
    chapters = []
    for path in sorted(seed_dir.glob("[0-9]-*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        nodes = []
        for copy in range(scale):
            for node in doc["nodes"]:
                first, dot, rest = node["id"].partition(".")
                nodes.append({**node, "id": f"{int(first) + 10 * copy}{dot}{rest}"})
        chapters.append({"chapter": doc["chapter"], "nodes": nodes})
    meta = {
        "code": "synthetic-x10",
        "title": "Synthetic 10x plan",
        "start_year": 2008,
        "end_year": 2010,
    }
    target.write_text(
        yaml.safe_dump({"plan": meta, "chapters": chapters}, allow_unicode=True), encoding="utf-8"
    )
    return sum(len(c["nodes"]) for c in chapters)


def _time_imports(path: Path, code_prefix: str, repeat: int) -> list[float]:
    from lidhja.accounts.domain.actors import SYSTEM
    from lidhja.plans.interfaces.importing import import_plan_file

    timings = []
    for run in range(repeat):
        overrides = {"code": f"{code_prefix}-{run}"}
        start = time.perf_counter()
        import_plan_file(path, by=SYSTEM, overrides=overrides)
        timings.append(time.perf_counter() - start)
    return timings


def _write_to_plan(code: str):
    """A write before each request: the Albanian text of one item, set and cleared in turn,
    so that every timed request is the first after a change (nothing cached for it)."""
    from lidhja.accounts.domain.actors import SYSTEM
    from lidhja.plans.domain.services import translate_node
    from lidhja.plans.models import PlanNode

    def write() -> None:
        node = PlanNode.objects.get(plan__code=code, chapter="prosecution", code="1.(a).1")
        text = "" if node.text_sq else "Zbatimi (bench)"
        translate_node(node, values={"text_sq": text}, version=node.version, by=SYSTEM)

    return write


def _time_page(
    url: str,
    repeat: int,
    query: dict | None = None,
    *,
    cold: bool = False,
    before_each=None,
    htmx: bool = False,
) -> list[float]:
    """In-process page times; `cold`: the stored figures are dropped before each request, as
    the first write after them would renew them."""
    from django.test import Client

    from lidhja.accounts.models import Role, User
    from lidhja.monitoring.models import StoredFigures
    from lidhja.organisations.models import Organisation

    user, _ = User.objects.get_or_create(
        username="bench.analyst",
        defaults={"organisation": Organisation.objects.get(code="ONAC"), "role": Role.ONAC_ANALYST},
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    assert client.get(url, query).status_code == 200  # warm-up, and a check it works
    headers = {"HX-Request": "true"} if htmx else {}
    timings = []
    for _ in range(repeat):
        if cold:
            StoredFigures.objects.all().delete()
        if before_each:
            before_each()
        start = time.perf_counter()
        response = client.get(url, query, headers=headers)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200
    return timings


def main() -> int:
    _configure()
    from django.conf import settings
    from django.db import connection

    seed_dir = settings.LIDHJA_SEED_PLAN_DIR
    work = Path(tempfile.mkdtemp(prefix="lidhja-bench-plans-"))
    big = work / "synthetic-x10.yaml"
    big_items = _scaled_plan(seed_dir, big, SCALE)
    seed_items = _scaled_plan(seed_dir, work / "seed.yaml", 1)
    print(f"database: {connection.vendor}; seed plan {seed_items} items; 10x plan {big_items}")
    print(
        _summary(
            f"import seed plan ({seed_items} items)", _time_imports(seed_dir, "seed", REPEAT_IMPORT)
        )
    )
    print(
        _summary(
            f"import 10x plan ({big_items} items)",
            _time_imports(big, "x10", max(3, REPEAT_IMPORT // 2)),
        )
    )
    print(_summary("plan page, seed plan, whole tree", _time_page("/plans/seed-0/", REPEAT_PAGE)))
    print(_summary("plan page, 10x plan, whole tree", _time_page("/plans/x10-0/", REPEAT_PAGE)))
    print(
        _summary(
            "plan page, 10x plan, whole tree, first view after a write",
            _time_page("/plans/x10-0/", REPEAT_PAGE, before_each=_write_to_plan("x10-0")),
        )
    )
    print(
        _summary(
            "plan page, 10x plan, filtered (agency ASP, 'police')",
            _time_page("/plans/x10-0/", REPEAT_PAGE, {"agency": "ASP", "q": "police"}),
        )
    )
    print(
        _summary(
            "items under one aim of the 10x plan (HTMX)",
            _time_page("/plans/x10-0/prosecution/1/items/", REPEAT_PAGE, htmx=True),
        )
    )
    _monitoring()
    return 0


def _monitoring() -> None:
    from django.db import connection

    import monitoring
    from lidhja.monitoring.domain.reporting import latest_period
    from lidhja.monitoring.interfaces.documents import build_document
    from lidhja.monitoring.models import StoredFigures
    from lidhja.plans.models import Plan

    plan = Plan.objects.get(code="seed-0")
    start = time.perf_counter()
    reports = monitoring.seed(plan)
    print(
        f"monitoring: seeded {reports} reports over {monitoring.YEARS} years "
        f"in {time.perf_counter() - start:.1f} s"
    )
    monitoring.analyze()
    print(
        _summary(
            "dashboard (headline tiles, latest quarter)",
            _time_page("/monitoring/dashboard/", REPEAT_PAGE, {"plan": "seed-0"}),
        )
    )
    print(
        _summary(
            "dashboard, figures computed (first view after a write)",
            _time_page("/monitoring/dashboard/", REPEAT_PAGE, {"plan": "seed-0"}, cold=True),
        )
    )
    print(
        _summary(
            "mid-term report page (document on screen)",
            _time_page("/monitoring/midterm/seed-0/", max(3, REPEAT_PAGE // 5)),
        )
    )
    period = latest_period(plan)

    def cold(fmt: str):
        """The document as the worker makes it after a write: no stored figures."""

        def make() -> None:
            StoredFigures.objects.all().delete()
            build_document("midterm", fmt, plan=plan, period=period, lang="en")

        return make

    start = time.perf_counter()
    cold("pdf")()
    print(
        f"mid-term PDF, first of the process (its helper process starts): "
        f"{(time.perf_counter() - start) * 1000:.1f} ms"
    )
    for fmt in ("xlsx", "pdf"):
        print(
            _summary(
                f"mid-term report generation, {fmt.upper()}, first after a write",
                monitoring.timed(cold(fmt), 5),
            )
        )
    _background_documents(plan, period)
    orm = monitoring.orm_trend(plan)
    assert orm == monitoring.hand_written_trend(plan), "the two queries disagree"
    orm_times = monitoring.timed(lambda: monitoring.orm_trend(plan), REPEAT_PAGE)
    sql_times = monitoring.timed(lambda: monitoring.hand_written_trend(plan), REPEAT_PAGE)
    print(_summary("compliance aggregate, ORM (dashboard)", orm_times))
    print(_summary("compliance aggregate, hand-written SQL", sql_times))
    ratio = statistics.median(orm_times) / statistics.median(sql_times)
    print(
        f"ratio ORM / hand-written SQL (medians, {connection.vendor}): {ratio:.2f} "
        f"({len(orm)} periods, identical figures)"
    )


def _background_documents(plan, period, repeat: int = 3) -> None:
    """The mid-term PDF off the request path, with the database backend: the request that
    enqueues it, the worker that makes it, and the request that serves the stored file."""
    from django.core.management import call_command
    from django.test import override_settings

    from lidhja.cases.domain.crypto import ensure_keyring_file
    from lidhja.monitoring.domain.documents import content
    from lidhja.monitoring.interfaces.stored import request_document
    from lidhja.monitoring.models import StoredDocument, StoredFigures

    ensure_keyring_file()  # stored documents are sealed, as `lidhja setup` would allow
    enqueue, work, serve = [], [], []
    backend = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    with override_settings(TASKS=backend):
        for _ in range(repeat):
            StoredDocument.objects.all().delete()
            StoredFigures.objects.all().delete()  # as after a write
            start = time.perf_counter()
            request_document("midterm", "pdf", "en", plan=plan, period=period)
            enqueue.append(time.perf_counter() - start)
            start = time.perf_counter()
            call_command("db_worker", batch=True, verbosity=0)
            work.append(time.perf_counter() - start)
            start = time.perf_counter()
            document = request_document("midterm", "pdf", "en", plan=plan, period=period)
            content(document)
            serve.append(time.perf_counter() - start)
    print(_summary("mid-term PDF, request that enqueues it (database backend)", enqueue))
    print(_summary("mid-term PDF, made by the worker (db_worker --batch)", work))
    print(_summary("mid-term PDF, request that serves the stored file", serve))


if __name__ == "__main__":
    sys.exit(main())
