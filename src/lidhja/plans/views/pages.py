from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lidhja.accounts.domain.errors import StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.audit.domain import services as audit
from lidhja.core.fragments import kept
from lidhja.monitoring.domain.obligations import owed_by_no_one, unowned_activities
from lidhja.plans.domain import services
from lidhja.plans.domain.queries import (
    TreeFilter,
    filtered_tree,
    leads,
    partners,
    plan_summaries,
    subtree,
    whole_tree,
)
from lidhja.plans.domain.services import TRANSLATION_FIELDS
from lidhja.plans.interfaces.exporters import CONTENT_TYPES, EXPORTERS
from lidhja.plans.interfaces.forms import TimelineForm, TranslationForm, TreeFilterForm
from lidhja.plans.models import Plan, PlanNode
from lidhja.plans.templatetags.plan_tree import render_rows


def get_plan_for_user_or_404(user, code: str) -> Plan:
    if not can(user, "plan.view"):
        raise PermissionDenied
    return get_object_or_404(Plan, code=code)


def get_node_for_user_or_404(user, plan_code: str, chapter: str, code: str) -> PlanNode:
    plan = get_plan_for_user_or_404(user, plan_code)
    node = (
        PlanNode.objects.select_related("plan", "parent")
        .filter(plan=plan, chapter=chapter, code=code)
        .first()
    )
    if node is None:
        raise Http404
    return node


@require_GET
def plan_list(request):
    if not can(request.user, "plan.view"):
        raise PermissionDenied
    return render(request, "plans/list.html", {"plans": plan_summaries()})


def _tree_filter(form: TreeFilterForm) -> TreeFilter:
    if not form.is_valid():
        return TreeFilter()
    data = form.cleaned_data
    return TreeFilter(
        chapter=data["chapter"],
        organisation=data["agency"].pk if data["agency"] else None,
        agency_role=data["agency_role"],
        due_from=data["due_from"],
        due_to=data["due_to"],
        text=data["q"].strip(),
        flagged_only=data["flagged"],
    )


# What the unfiltered tree is made of: the plan's items, their agencies, the organisations'
# names. A change to any of these moves the generation, so the cached rows are renewed.
TREE_AREAS = ("plan", "plan_node", "organisation")


def _whole_tree(plan: Plan) -> tuple[str, int]:
    """The rows of the unfiltered tree and their number, per plan and language."""

    def make() -> tuple[str, int]:
        nodes, collapsed = whole_tree(plan)
        rows = render_rows(plan, nodes, {n.pk for n in nodes}, collapsed, headings=True)
        return str(rows), len(nodes) + sum(collapsed.values())

    return kept(f"plans:tree:{plan.pk}", TREE_AREAS, make)


def _unowned(plan: Plan) -> list[PlanNode]:
    ids = kept(
        f"plans:unowned:{plan.pk}",
        TREE_AREAS,
        lambda: list(unowned_activities(plan).values_list("pk", flat=True)),
    )
    return list(PlanNode.objects.filter(pk__in=ids).order_by("position"))


def _filter_fields(form: TreeFilterForm) -> str:
    """The filter form's fields; unfilled, they are the same for everyone of a language, and
    change only with the organisations (the agency choices)."""
    html = partial(render_to_string, "plans/_tree_filters.html", {"form": form})
    if form.is_bound:
        return html()
    return kept("plans:tree-filters", ("organisation",), html)


@require_GET
def plan_tree(request, plan: str):
    plan_obj = get_plan_for_user_or_404(request.user, plan)
    form = TreeFilterForm(request.GET or None)
    tree_filter = _tree_filter(form)
    context = {"plan": plan_obj, "form": form, "filtered": tree_filter.active}
    if tree_filter.active:
        nodes, matched = filtered_tree(plan_obj, tree_filter)
        context.update(nodes=nodes, matched=matched, match_count=len(matched))
    else:
        rows, count = _whole_tree(plan_obj)
        context.update(rows=mark_safe(rows), match_count=count)  # noqa: S308 (built escaped)
    if not request.htmx:
        context["unowned"] = _unowned(plan_obj)
        context["filter_fields"] = mark_safe(_filter_fields(form))  # noqa: S308 (rendered)
    template = "plans/_tree.html" if request.htmx else "plans/tree.html"
    return render(request, template, context)


@require_GET
def node_subtree(request, plan: str, chapter: str, code: str):
    """An item and the items under it: rows for the tree (HTMX), or a page of their own."""
    node = get_node_for_user_or_404(request.user, plan, chapter, code)
    nodes = subtree(node)
    if request.htmx:
        rows = render_rows(node.plan, nodes, {n.pk for n in nodes}, {}, headings=False)
        response = HttpResponse(rows)
    else:
        response = render(request, "plans/subtree.html", _subtree_context(node, nodes))
    patch_vary_headers(response, ["HX-Request"])  # the page and the rows share one URL
    return response


def _subtree_context(node: PlanNode, nodes: list[PlanNode]) -> dict:
    return {
        "node": node,
        "plan": node.plan,
        "nodes": nodes,
        "matched": {n.pk for n in nodes},
        "ancestors": _ancestors(node),
    }


@require_GET
def plan_export(request, plan: str, fmt: str):
    plan_obj = get_plan_for_user_or_404(request.user, plan)
    if not can(request.user, "plan.export"):
        raise PermissionDenied
    if fmt not in EXPORTERS:
        raise Http404
    with transaction.atomic():
        audit.record("plan.exported", actor=request.user, obj=plan_obj, changes={"format": fmt})
    response = HttpResponse(EXPORTERS[fmt](plan_obj), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{plan_obj.code}.{fmt}"'
    return response


@require_GET
def node_detail(request, plan: str, chapter: str, code: str):
    node = get_node_for_user_or_404(request.user, plan, chapter, code)
    links = list(node.agency_links.select_related("organisation").order_by("role", "position"))
    node.agencies = links
    context = {
        "node": node,
        "plan": node.plan,
        "leads": leads(node),
        "partners": partners(node),
        "ancestors": _ancestors(node),
        "children": node.children.order_by("position"),
        "can_manage": can(request.user, "plan.manage"),
        "translation_form": (
            _translation_form(node) if can(request.user, "plan.translate") else None
        ),
        "owed_by_no_one": owed_by_no_one(node),
    }
    return render(request, "plans/node.html", context)


def _ancestors(node: PlanNode) -> list[PlanNode]:
    chain, current = [], node.parent
    while current is not None:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))


@require_http_methods(["GET", "POST"])
def node_timeline(request, plan: str, chapter: str, code: str):
    node = get_node_for_user_or_404(request.user, plan, chapter, code)
    if not can(request.user, "plan.manage"):
        raise PermissionDenied
    initial = {
        "version": node.version,
        "due_start": node.due_start,
        "due_end": node.due_end,
        "recurrence": node.recurrence,
    }
    form = TimelineForm(request.POST or None, initial=initial, current_recurrence=node.recurrence)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_node_timeline(
                node,
                due_start=data["due_start"],
                due_end=data["due_end"],
                recurrence=data["recurrence"],
                version=data["version"],
                by=request.user,
            )
        except StaleObject as exc:
            form.add_error(None, str(exc))
            node.refresh_from_db()
            status = 409
        else:
            messages.success(request, _("Timeline saved."))
            return redirect("plans:node", plan=plan, chapter=chapter, code=code)
    elif request.method == "POST":
        status = 400
    return render(request, "plans/node_timeline.html", {"node": node, "form": form}, status=status)


def _translation_form(node: PlanNode, data=None) -> TranslationForm:
    initial = {
        "version": node.version,
        **{name: getattr(node, name) for name in TRANSLATION_FIELDS},
    }
    return TranslationForm(data, initial=initial, node=node)


@require_http_methods(["GET", "POST"])
def node_translation(request, plan: str, chapter: str, code: str):
    """The Albanian text of an item: the form is on the activity page; this URL takes its
    post, and shows the form alone (with its errors) when a post is refused."""
    node = get_node_for_user_or_404(request.user, plan, chapter, code)
    if not can(request.user, "plan.translate"):
        raise PermissionDenied
    form = _translation_form(node, request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {name: data[name].strip() for name in TRANSLATION_FIELDS if name in data}
        try:
            services.translate_node(node, values=values, version=data["version"], by=request.user)
        except StaleObject as exc:
            form.add_error(None, str(exc))
            node.refresh_from_db()
            status = 409
        else:
            messages.success(request, _("Albanian text saved."))
            return redirect("plans:node", plan=plan, chapter=chapter, code=code)
    elif request.method == "POST":
        status = 400
    context = {"node": node, "plan": node.plan, "form": form}
    return render(request, "plans/node_translation.html", context, status=status)
