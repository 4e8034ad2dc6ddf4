"""The plan tree, rendered in Python: a plan of thousands of items is a hot loop that the
template engine makes slow (one variable lookup chain per field per item)."""

from datetime import date

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from lidhja.core import figures
from lidhja.core.bilingual import display_text
from lidhja.plans.models import Chapter, Level, PlanNode, TimelineStatus

register = template.Library()


def _agencies(node: PlanNode, badges: dict[tuple[int, str], SafeString]) -> SafeString:
    """The agency badges; each (organisation, role) badge is built once per page."""
    parts = []
    for link in node.agencies:
        key = (link.organisation.pk, link.role)
        if key not in badges:
            badges[key] = format_html(
                '<span class="agency {}" title="{}">{}</span>',
                link.role,
                link.organisation.display_name,
                link.organisation.short_name,
            )
        parts.append(badges[key])
    return mark_safe("".join(parts))  # noqa: S308 (every part built with format_html)


def _timeline(node, to_fix: str, days: dict[date, str]) -> SafeString:
    """The printed timeline and due date; each date is formatted once per page."""
    due = ""
    if node.due_end:
        if node.due_end not in days:
            days[node.due_end] = date_format(node.due_end, "SHORT_DATE_FORMAT")
        due = f" → {days[node.due_end]}"
    flagged = node.timeline_status == TimelineStatus.FLAGGED
    flag = format_html(" <strong>{}</strong>", to_fix) if flagged else ""
    return format_html(
        '<span class="timeline {}">{}{}{}</span>',
        node.timeline_status,
        node.timeline_text or "–",
        due,
        flag,
    )


def _expand(base: str, node: PlanNode, hidden: int) -> SafeString:
    """The link that opens a collapsed item: a page of its own without script, the rows in
    place with HTMX (the response replaces this item's row by it and the rows under it)."""
    href = f"{base}{node.chapter}/{node.code}/items/"
    label = ngettext("Show the %(n)s item under it", "Show the %(n)s items under it", hidden) % {
        "n": figures.count(hidden)
    }
    return format_html(
        ' <a class="expand" href="{}" hx-get="{}" hx-target="closest li" hx-swap="outerHTML"'
        ' aria-expanded="false">{}</a>',
        href,
        href,
        label,
    )


@register.simple_tag
def plan_tree_rows(plan, nodes, matched, collapsed=None) -> SafeString:
    """One <li> per item, with a chapter heading whenever the chapter changes. `collapsed`
    maps the id of an item whose rows are not shown to how many there are."""
    return render_rows(plan, nodes, matched, collapsed or {}, headings=True)


def render_rows(plan, nodes, matched, collapsed: dict[int, int], *, headings: bool) -> SafeString:
    base = reverse("plans:tree", args=[plan.code])
    labels, chapters = dict(Level.choices), dict(Chapter.choices)
    sub_label, to_fix, not_recovered = _("Sub-activity"), _("to fix"), _("(text not recovered)")
    language = get_language()
    rows, chapter = [], None
    badges: dict[tuple[int, str], SafeString] = {}
    days: dict[date, str] = {}
    for node in nodes:
        if headings and node.chapter != chapter:
            chapter = node.chapter
            rows.append(format_html('<li class="chapter"><h2>{}</h2></li>', chapters[chapter]))
        meta = ""
        if node.level == Level.ACTIVITY:
            meta = format_html(
                '<span class="meta">{}{}</span>',
                _agencies(node, badges),
                _timeline(node, to_fix, days),
            )
        if node.pk in collapsed:
            meta = _expand(base, node, collapsed[node.pk])
        text = display_text(node, "text", language)
        rows.append(
            format_html(
                '<li class="node level-{} depth-{}{}"><a class="code" href="{}{}/{}/">{}</a>'
                '<span class="kind">{}</span><span class="text">{}</span>{}</li>',
                node.level,
                node.depth,
                "" if node.pk in matched else " context",
                base,
                node.chapter,
                node.code,
                node.code,
                sub_label if node.is_sub_activity else labels[node.level],
                text.html(limit=260) if text.text else not_recovered,
                meta,
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 (every part built with format_html)
