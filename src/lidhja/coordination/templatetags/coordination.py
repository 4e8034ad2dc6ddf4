"""The coordination panels of the ONAC dashboard: overdue meetings and overdue decisions."""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from lidhja.coordination.domain.access import sees_every_body
from lidhja.coordination.domain.queries import overdue_bodies, overdue_decisions
from lidhja.core.fragments import kept

register = template.Library()
SHOWN = 20  # decisions listed; the rest are counted with a link to the list
# What the panels are made of: bodies, meetings and decisions, and the owners' names.
PANEL_AREAS = ("coordination", "organisation")


@register.simple_tag(takes_context=True)
def coordination_panels(context) -> SafeString:
    """Shown to whoever sees every body (ONAC, observers), the same for all of them, so kept
    for the day until the next write to coordination data; nothing for the others."""
    if not sees_every_body(context["request"].user):
        return SafeString("")

    def make() -> str:
        decisions = overdue_decisions()
        listed = list(decisions[:SHOWN])
        return render_to_string(
            "coordination/_dashboard_panels.html",
            {
                "overdue_bodies": overdue_bodies(),
                "overdue_decisions": listed,
                "more_decisions": max(decisions.count() - len(listed), 0),
            },
        )

    day = timezone.localdate().isoformat()
    return mark_safe(kept(f"coordination-panels:{day}", PANEL_AREAS, make))  # noqa: S308
