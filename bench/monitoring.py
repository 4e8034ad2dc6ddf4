"""Monitoring benchmark: ten years of quarterly reports for every obligation of the seed plan.

Synthetic and deterministic (random.Random(2008)): each quarter the obligations are derived
from the plan as the service does, and every one gets a report (mostly on time, some late,
some still drafts), written with bulk inserts. Then `bench/run.py` times the dashboard (its
median and p95 with the stored figures in place, and again with them dropped before every
view, as after a write), the mid-term report page and documents, and the compliance aggregate
against one hand-written SQL query.
"""

import random
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

FIRST_YEAR, YEARS = 2008, 10
# No "completed": an accepted completed report closes the activity, and the benchmark wants
# every obligation of the plan reported on in every quarter of the ten years.
STATUSES = ["on_track"] * 6 + ["delayed"] * 3 + ["not_started", "not_applicable"]


def seed(plan) -> int:
    from lidhja.accounts.domain.actors import SYSTEM
    from lidhja.monitoring.domain.obligations import derive_obligations
    from lidhja.monitoring.domain.periods import ensure_periods
    from lidhja.monitoring.models import Obligation, ProgressReport

    rng = random.Random(2008)
    total = 0
    for period in ensure_periods(FIRST_YEAR, FIRST_YEAR + YEARS - 1):
        derive_obligations(plan, period, by=SYSTEM)
        reports = []
        for obligation in Obligation.objects.filter(period=period, report__isnull=True):
            reports.append(_report(rng, obligation, period))
        ProgressReport.objects.bulk_create(reports, batch_size=1000)
        total += len(reports)
    return total


def analyze() -> None:
    """On PostgreSQL, the planner's statistics of the bulk-written tables: what autovacuum
    would have gathered by the time anyone reads them (outside a transaction block)."""
    from django.db import connection

    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _report(rng, obligation, period):
    from lidhja.monitoring.models import ProgressReport

    roll = rng.random()
    days = rng.randint(-20, 14) if roll < 0.7 else rng.randint(15, 60)
    submitted = (
        None
        if roll > 0.95
        else datetime.combine(period.due_date, datetime.min.time(), tzinfo=UTC)
        + timedelta(days=days, hours=9)
    )
    status = "draft" if submitted is None else rng.choice(["submitted", "accepted", "accepted"])
    spend = Decimal(rng.randint(0, 500_000)) if rng.random() < 0.3 else None
    return ProgressReport(
        obligation=obligation,
        status=status,
        implementation_status=rng.choice(STATUSES),
        narrative="Synthetic progress narrative.",
        expenditure=spend,
        funding_source="state" if spend else "",
        submitted_at=submitted,
        last_submitted_at=submitted,
        submitted_on=submitted.date() if submitted else None,
    )


HAND_SQL = {
    # Owed, on time and late per period for one plan, in one statement per database.
    "sqlite": """
        SELECT p.code,
               COUNT(*),
               SUM(CASE WHEN r.submitted_on <= p.due_date THEN 1 ELSE 0 END),
               SUM(CASE WHEN r.submitted_on > p.due_date THEN 1 ELSE 0 END)
        FROM monitoring_obligation o
        JOIN monitoring_reportingperiod p ON p.id = o.period_id
        JOIN plans_plannode n ON n.id = o.node_id
        LEFT JOIN monitoring_progressreport r ON r.obligation_id = o.id
        WHERE n.plan_id = %s
        GROUP BY p.code, p.year, p.quarter ORDER BY p.year, p.quarter""",
    "postgresql": """
        SELECT p.code,
               COUNT(*),
               COUNT(*) FILTER (WHERE r.submitted_on <= p.due_date),
               COUNT(*) FILTER (WHERE r.submitted_on > p.due_date)
        FROM monitoring_obligation o
        JOIN monitoring_reportingperiod p ON p.id = o.period_id
        JOIN plans_plannode n ON n.id = o.node_id
        LEFT JOIN monitoring_progressreport r ON r.obligation_id = o.id
        WHERE n.plan_id = %s
        GROUP BY p.code, p.year, p.quarter ORDER BY p.year, p.quarter""",
}


def hand_written_trend(plan):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(HAND_SQL[connection.vendor], [plan.pk])
        return [(code, owed, on_time, late) for code, owed, on_time, late in cursor.fetchall()]


def orm_trend(plan):
    from lidhja.monitoring.domain.reporting import compliance_trend

    return [(p.period.code, p.owed, p.on_time, p.late) for p in compliance_trend(plan)]


def timed(function, repeat: int) -> list[float]:
    return timed_alternately([function], repeat)[0]


def timed_alternately(functions, repeat: int) -> list[list[float]]:
    """Each function `repeat` times, taking turns, so that a change of the machine's load
    during the run weighs on all of them alike (a ratio of medians stays fair)."""
    timings: list[list[float]] = [[] for _ in functions]
    for _ in range(repeat):
        for function, times in zip(functions, timings, strict=True):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
    return timings
