"""Demo data of the monitoring: the last quarter of each plan opened, so that the dashboard,
the quarterly report and the committees' homes have a period to show (with the computed
indicators of the meetings, trainings, calls and campaigns the other modules' demo data add)."""

import random
from typing import Any

from lidhja.accounts.domain.actors import SYSTEM
from lidhja.monitoring.domain.obligations import derive_obligations
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.plans.models import Plan


def open_last_quarter(rng: random.Random, users: dict[str, Any]) -> str:
    lines = []
    for plan in Plan.objects.order_by("code"):
        period = ensure_period(f"{plan.end_year}Q4")
        created = derive_obligations(plan, period, by=SYSTEM)
        lines.append(f"{plan.code} {period.code}: {created} reporting obligations")
    return "Reporting period opened: " + "; ".join(lines) if lines else "No plan: no period opened."
