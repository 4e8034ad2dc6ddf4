"""The coordination panels of the ONAC dashboard: overdue meetings and overdue decisions."""

from django import template

from lidhja.coordination.domain.access import sees_every_body
from lidhja.coordination.domain.queries import overdue_bodies, overdue_decisions

register = template.Library()
SHOWN = 20  # decisions listed; the rest are counted with a link to the list


@register.inclusion_tag("coordination/_dashboard_panels.html", takes_context=True)
def coordination_panels(context) -> dict:
    """Shown to whoever sees every body (ONAC, observers); nothing for the others."""
    user = context["request"].user
    if not sees_every_body(user):
        return {"hidden": True}
    decisions = overdue_decisions()
    listed = list(decisions[:SHOWN])
    return {
        "overdue_bodies": overdue_bodies(),
        "overdue_decisions": listed,
        "more_decisions": max(decisions.count() - len(listed), 0),
    }
