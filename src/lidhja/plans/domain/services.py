"""State changes of the plan registry: importing a plan, correcting an activity's timeline."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lidhja.accounts.domain.actors import SYSTEM, Actor
from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.audit.domain import services as audit
from lidhja.organisations.domain.seed import ensure_organisations
from lidhja.organisations.models import Organisation
from lidhja.plans.domain.specs import NodeSpec, PlanSpec
from lidhja.plans.domain.timeline import parse_timeline
from lidhja.plans.models import (
    TRANSLATED,
    AgencyRole,
    Level,
    NodeAgency,
    Plan,
    PlanNode,
    TimelineStatus,
)


def _require(by: Actor, permission: str) -> None:
    # SYSTEM is the operator at the server's command line, who holds the server itself.
    if by is not SYSTEM and not can(by, permission):
        raise PermissionDenied(_("You may not change the plan registry."))


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def timeline_values(text: str, level: str, plan: Plan) -> dict[str, Any]:
    """The due window columns of a node, read from its printed timeline."""
    if level != Level.ACTIVITY and not text:
        return {"timeline_status": TimelineStatus.NONE}
    parsed = parse_timeline(
        text, plan_start=date(plan.start_year, 1, 1), plan_end=date(plan.end_year, 12, 31)
    )
    return {
        "due_start": parsed.start,
        "due_end": parsed.end,
        "recurrence": parsed.recurrence,
        "timeline_status": TimelineStatus.FLAGGED if parsed.flagged else TimelineStatus.PARSED,
        "timeline_problem": parsed.problem[:255],
        "timeline_parts": [
            {"text": p.text, "start": _iso(p.start), "end": _iso(p.end), "recurrence": p.recurrence}
            for p in parsed.parts
        ],
    }


def _node(plan: Plan, spec: NodeSpec, position: int, parent: PlanNode | None) -> PlanNode:
    f = spec.fields
    node = PlanNode(
        plan=plan,
        chapter=spec.chapter,
        code=spec.code,
        printed_code=spec.printed_code,
        level=spec.level,
        parent=parent,
        depth=spec.depth,
        position=position,
        text=f["text"],
        indicators=f["indicators"],
        targets=f["targets"],
        agencies_text=f["agencies"],
        timeline_text=f["timeline"],
        outputs=f["outputs"],
        resources=f["resources"],
        note=f["note"],
        **{f"{name}_sq": f[f"{name}_sq"] for name in TRANSLATED},
        unrecovered=spec.unrecovered,
        **timeline_values(f["timeline"], spec.level, plan),
    )
    return node


def _create_nodes(plan: Plan, specs: list[NodeSpec]) -> dict[tuple[str, str], PlanNode]:
    """Insert depth by depth, so that every parent has its key before its children."""
    created: dict[tuple[str, str], PlanNode] = {}
    positions = {(s.chapter, s.code): index for index, s in enumerate(specs, start=1)}
    for depth in sorted({s.depth for s in specs}):
        batch = [
            _node(
                plan, s, positions[s.chapter, s.code], created.get((s.chapter, s.parent_code or ""))
            )
            for s in specs
            if s.depth == depth
        ]
        for node in PlanNode.objects.bulk_create(batch, batch_size=500):
            created[node.chapter, node.code] = node
    return created


def _link_agencies(specs: list[NodeSpec], nodes: dict[tuple[str, str], PlanNode]) -> int:
    orgs = dict(Organisation.objects.values_list("code", "pk"))
    links = [
        NodeAgency(node=nodes[s.chapter, s.code], organisation_id=orgs[code], role=role, position=i)
        for s in specs
        for role, codes in ((AgencyRole.LEAD, s.lead), (AgencyRole.PARTNER, s.partners))
        for i, code in enumerate(codes)
    ]
    NodeAgency.objects.bulk_create(links, batch_size=1000)
    return len(links)


@transaction.atomic
def import_plan(spec: PlanSpec, *, by: Actor, digest: str = "") -> Plan:
    """Write a validated plan: its new organisations, the plan, its items and agencies."""
    _require(by, "plan.manage")
    new_orgs = ensure_organisations(spec.new_organisations, by=by)
    plan = Plan.objects.create(
        code=spec.code,
        title=spec.title,
        title_sq=spec.title_sq,
        start_year=spec.start_year,
        end_year=spec.end_year,
        source=spec.source,
    )
    nodes = _create_nodes(plan, spec.nodes)
    links = _link_agencies(spec.nodes, nodes)
    flagged = sum(n.timeline_status == TimelineStatus.FLAGGED for n in nodes.values())
    audit.record(
        "plan.imported",
        actor=by,
        obj=plan,
        changes={
            "items": len(nodes),
            "agency_links": links,
            "new_organisations": new_orgs,
            "flagged_timelines": flagged,
            "sha256": digest,
        },
    )
    return plan


@transaction.atomic
def set_node_timeline(
    node: PlanNode,
    *,
    due_start: date | None,
    due_end: date | None,
    recurrence: str,
    version: int,
    by: Actor,
) -> PlanNode:
    """A person fixes the due window of an item whose printed timeline was not understood."""
    _require(by, "plan.manage")
    locked = PlanNode.objects.select_for_update(of=("self",)).get(pk=node.pk)
    if locked.version != version:
        raise StaleObject(_("This item was changed by someone else meanwhile. Reload and retry."))
    before = {
        "due_start": locked.due_start,
        "due_end": locked.due_end,
        "recurrence": locked.recurrence,
        "timeline_status": locked.timeline_status,
    }
    locked.due_start, locked.due_end, locked.recurrence = due_start, due_end, recurrence
    locked.timeline_status = TimelineStatus.CORRECTED
    locked.version += 1
    locked.save(update_fields=["due_start", "due_end", "recurrence", "timeline_status", "version"])
    after = {
        "due_start": due_start,
        "due_end": due_end,
        "recurrence": recurrence,
        "timeline_status": locked.timeline_status,
    }
    audit.record("plan_node.timeline_set", actor=by, obj=locked, changes=audit.diff(before, after))
    return locked


TRANSLATION_FIELDS = tuple(f"{name}_sq" for name in TRANSLATED)


@transaction.atomic
def translate_node(node: PlanNode, *, values: dict[str, str], version: int, by: Actor) -> PlanNode:
    """ONAC enters (or corrects, or clears) the Albanian text of a plan item. The audit entry
    names the fields changed, not their words: the log is not a second copy of the plan."""
    if by is not SYSTEM and not can(by, "plan.translate"):
        raise PermissionDenied(_("You may not translate the plan."))
    unknown = set(values) - set(TRANSLATION_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    locked = PlanNode.objects.select_for_update(of=("self",)).get(pk=node.pk)
    if locked.version != version:
        raise StaleObject(_("This item was changed by someone else meanwhile. Reload and retry."))
    changed = sorted(name for name, text in values.items() if getattr(locked, name) != text)
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, values[name])
    locked.version += 1
    locked.save(update_fields=[*changed, "version"])
    audit.record("plan_node.translated", actor=by, obj=locked, changes={"fields": changed})
    return locked
