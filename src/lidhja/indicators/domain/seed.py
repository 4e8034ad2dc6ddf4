"""Indicator definitions read from the plan text.

Aims and objectives print an "Indicators:" text, activities their output indicators and
targets. Each semicolon- or line-separated piece becomes one indicator; its unit is read from
its wording ("per cent" → per cent; "number of …" → a number; "existence", "adopted",
"operational" and the like → yes or no; otherwise a number).
ONAC reviews and corrects them on the indicator pages.
"""

import re

from django.db import transaction

from lidhja.accounts.domain.actors import Actor
from lidhja.audit.domain import services as audit
from lidhja.indicators.domain.computations import REGISTRY
from lidhja.indicators.models import Indicator, Unit
from lidhja.plans.models import Level, Plan, PlanNode

PERCENT = re.compile(r"\b(per ?cent|percentage)\b|%", re.IGNORECASE)
COUNT = re.compile(r"^\s*(number|nr\b|no\. of|at least|\d)", re.IGNORECASE)
YES_NO = re.compile(
    r"\b(existence|exists?|availability|available|operational|established|adopted|approved|"
    r"in place|signed|endorsed|functional|developed|drafted)\b",
    re.IGNORECASE,
)
# Computed indicators of the plan's monitoring aim (Coordination 4 in the seed plan).
SYSTEM = {
    ("coordination", "4"): [
        "monitoring.activities_on_schedule",
        "monitoring.agencies_reporting_on_time",
    ]
}


def unit_of(text: str) -> str:
    if PERCENT.search(text):
        return Unit.PERCENT
    if not COUNT.match(text) and YES_NO.search(text):
        return Unit.YES_NO
    return Unit.NUMBER


def pieces(text: str) -> list[str]:
    parts = re.split(r";|\n", text)
    return [re.sub(r"\s+", " ", p).strip(" .-") for p in parts if len(p.strip(" .-")) > 3]


def _source_text(node: PlanNode) -> str:
    return node.outputs if node.level == Level.ACTIVITY else node.indicators


def _computed(node: PlanNode, after: int, missing: list[str]) -> list[Indicator]:
    new = []
    for j, computation in enumerate(missing, start=1):
        spec = REGISTRY[computation]
        new.append(
            Indicator(
                node=node,
                position=after + j,
                name=str(spec.label),
                unit=spec.unit,
                computation=computation,
                source="Lidhja",
            )
        )
    return new


@transaction.atomic
def indicators_from_plan(plan: Plan, *, by: Actor) -> int:
    """Create indicators for the items of `plan` that have none yet, and add to every item the
    computed indicators Lidhja has learnt since (a module installed later attaches its own);
    returns how many were created. Indicators ONAC edited or added are left as they are."""
    done = set(Indicator.objects.filter(node__plan=plan).values_list("node_id", flat=True))
    new = []
    for node in PlanNode.objects.filter(plan=plan).exclude(pk__in=done).order_by("position"):
        names = pieces(_source_text(node))
        new += [
            Indicator(node=node, position=i, name=name, unit=unit_of(name))
            for i, name in enumerate(names, start=1)
        ]
        new += _computed(node, len(names), SYSTEM.get((node.chapter, node.code), []))
    for node in PlanNode.objects.filter(plan=plan, pk__in=done).order_by("position"):
        wanted = SYSTEM.get((node.chapter, node.code), [])
        if not wanted:
            continue
        held = list(node.indicator_set.values_list("computation", "position"))
        present = {computation for computation, _position in held}
        missing = [c for c in wanted if c not in present]
        new += _computed(node, max(position for _c, position in held), missing)
    Indicator.objects.bulk_create(new, batch_size=500)
    if new:
        audit.record("indicator.seeded", actor=by, obj=plan, changes={"created": len(new)})
    return len(new)
