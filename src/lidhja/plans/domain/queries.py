"""Reading the plan registry: trees with filters, organisations' responsibilities."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from lidhja.organisations.domain.membership import classes_of
from lidhja.organisations.models import Organisation
from lidhja.plans.models import AgencyRole, Level, NodeAgency, Plan, PlanNode, TimelineStatus


def agency_prefetch() -> "Prefetch[str, QuerySet[NodeAgency], str]":
    return Prefetch(
        "agency_links",
        queryset=NodeAgency.objects.select_related("organisation").order_by("role", "position"),
        to_attr="agencies",
    )


def plan_nodes(plan: Plan) -> QuerySet[PlanNode]:
    """Every item of `plan` in document order, with parent code and agencies loaded."""
    return (
        PlanNode.objects.filter(plan=plan)
        .select_related("parent")
        .prefetch_related(agency_prefetch())
        .order_by("position")
    )


def leads(node: PlanNode) -> list[Organisation]:
    return [link.organisation for link in node.agencies if link.role == AgencyRole.LEAD]


def partners(node: PlanNode) -> list[Organisation]:
    return [link.organisation for link in node.agencies if link.role == AgencyRole.PARTNER]


@dataclass(frozen=True)
class TreeFilter:
    chapter: str = ""
    organisation: int | None = None
    agency_role: str = ""  # "" = lead or partner
    due_from: date | None = None
    due_to: date | None = None
    text: str = ""
    flagged_only: bool = False

    @property
    def active(self) -> bool:
        return any(
            (
                self.chapter,
                self.organisation,
                self.due_from,
                self.due_to,
                self.text,
                self.flagged_only,
            )
        )


def _matching(plan: Plan, f: TreeFilter) -> QuerySet[PlanNode]:
    nodes = PlanNode.objects.filter(plan=plan)
    if f.chapter:
        nodes = nodes.filter(chapter=f.chapter)
    if f.organisation:
        links = NodeAgency.objects.filter(organisation_id=f.organisation)
        if f.agency_role:
            links = links.filter(role=f.agency_role)
        nodes = nodes.filter(pk__in=links.values("node_id"))
    if f.due_from or f.due_to:
        # Overlap of the item's due window with the asked one; items with no window drop out.
        nodes = nodes.exclude(due_start__isnull=True, due_end__isnull=True)
    if f.due_from:
        nodes = nodes.filter(Q(due_end__isnull=True) | Q(due_end__gte=f.due_from))
    if f.due_to:
        nodes = nodes.filter(Q(due_start__isnull=True) | Q(due_start__lte=f.due_to))
    if f.text:
        for word in f.text.split()[:8]:
            nodes = nodes.filter(
                Q(text__icontains=word)
                | Q(code__startswith=word)
                | Q(outputs__icontains=word)
                | Q(indicators__icontains=word)
            )
    if f.flagged_only:
        nodes = nodes.filter(timeline_status="flagged")
    return nodes


TREE_FIELDS = (
    "chapter",
    "code",
    "level",
    "depth",
    "position",
    "text",
    "timeline_text",
    "timeline_status",
    "due_end",
)


@dataclass(frozen=True)
class AgencyLink:
    role: str
    organisation: Organisation


def tree_nodes(plan: Plan, only: set[int] | None = None) -> list[PlanNode]:
    """Items for the tree view: the columns it shows, agencies attached from one query.

    Organisations are loaded once and shared, instead of one object per link: a plan of
    thousands of items has thousands of links to the same hundred organisations.
    """
    nodes = PlanNode.objects.filter(plan=plan).only(*TREE_FIELDS).order_by("position")
    links = NodeAgency.objects.filter(node__plan=plan).order_by("role", "position")
    if only is not None:
        nodes = nodes.filter(pk__in=only)
        links = links.filter(node_id__in=only)
    orgs = Organisation.objects.in_bulk()
    by_node: dict[int, list[AgencyLink]] = {}
    for node_id, org_id, role in links.values_list("node_id", "organisation_id", "role"):
        by_node.setdefault(node_id, []).append(AgencyLink(role, orgs[org_id]))
    result = list(nodes)
    for node in result:
        node.agencies = by_node.get(node.pk, [])
    return result


def filtered_tree(plan: Plan, f: TreeFilter) -> tuple[list[PlanNode], set[int]]:
    """Nodes to show for filter `f`: the matches plus their ancestors (for context).

    Returns the nodes in document order and the ids of the nodes that matched themselves.
    """
    if not f.active:
        nodes = tree_nodes(plan)
        return nodes, {n.pk for n in nodes}
    matched = set(_matching(plan, f).values_list("pk", flat=True))
    parents = dict(PlanNode.objects.filter(plan=plan).values_list("pk", "parent_id"))
    shown: set[int] = set()
    for pk in matched:
        current: int | None = pk
        while current and current not in shown:
            shown.add(current)
            current = parents.get(current)
    return tree_nodes(plan, only=shown), matched


# A plan with more items than this opens at its aims: each aim's items come on demand (the
# tree's "Show the items under it", an HTMX request, or a page of their own without script).
TREE_OPEN_LIMIT = 1000


def whole_tree(plan: Plan) -> tuple[list[PlanNode], dict[int, int]]:
    """The unfiltered tree: every item, or for a plan larger than TREE_OPEN_LIMIT only its
    aims. Returns the nodes in document order and, per collapsed node, how many items lie
    under it (empty when nothing is collapsed)."""
    keys = list(PlanNode.objects.filter(plan=plan).values_list("pk", "chapter", "code"))
    if len(keys) <= TREE_OPEN_LIMIT:
        return tree_nodes(plan), {}
    aims = {(chapter, code): pk for pk, chapter, code in keys if "." not in code}
    under: dict[int, int] = dict.fromkeys(aims.values(), 0)
    for _pk, chapter, code in keys:
        if "." in code:
            under[aims[chapter, code.split(".", 1)[0]]] += 1
    return tree_nodes(plan, only=set(aims.values())), under


def subtree(node: PlanNode) -> list[PlanNode]:
    """`node` and every item under it, in document order (ids are canonical: an item's
    number starts with its parent's)."""
    ids = set(
        PlanNode.objects.filter(plan_id=node.plan_id, chapter=node.chapter)
        .filter(Q(pk=node.pk) | Q(code__startswith=f"{node.code}."))
        .values_list("pk", flat=True)
    )
    return tree_nodes(node.plan, only=ids)


@dataclass(frozen=True)
class PlanSummary:
    plan: Plan
    items: int
    activities: int
    flagged: int


def plan_summaries() -> list[PlanSummary]:
    plans = Plan.objects.annotate(
        n_items=Count("nodes"),
        n_activities=Count("nodes", filter=Q(nodes__level=Level.ACTIVITY)),
        n_flagged=Count("nodes", filter=Q(nodes__timeline_status=TimelineStatus.FLAGGED)),
    )
    return [PlanSummary(p, p.n_items, p.n_activities, p.n_flagged) for p in plans]


@dataclass(frozen=True)
class Responsibility:
    node: PlanNode
    via: Organisation | None  # the class of actors it is owed through, or None: named itself


def organisation_responsibilities(organisation: Organisation) -> dict[str, list[Responsibility]]:
    """The plan items `organisation` leads and those it supports, in plan order: those it is
    named for, and those of every class of actors it belongs to (as a member of that class)."""
    classes = {cls.pk: cls for cls in classes_of(organisation)}
    links = (
        NodeAgency.objects.filter(
            Q(organisation=organisation) | Q(organisation_id__in=list(classes))
        )
        .select_related("node__plan")
        .order_by("node__plan__code", "node__position", "organisation__code")
    )
    result: dict[str, list[Responsibility]] = {AgencyRole.LEAD: [], AgencyRole.PARTNER: []}
    for link in links:
        result[link.role].append(Responsibility(link.node, classes.get(link.organisation_id)))
    return result
