"""Reading evaluations and remedial actions."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from lidhja.evaluation.models import ActionStatus, RemedialAction
from lidhja.plans.models import Plan


def remedial_actions(plan: Plan | None = None) -> QuerySet[RemedialAction]:
    actions = RemedialAction.objects.select_related("node", "owner")
    return actions if plan is None else actions.filter(node__plan=plan)


def overdue(
    actions: QuerySet[RemedialAction], today: date | None = None
) -> QuerySet[RemedialAction]:
    """The actions not closed whose due date has passed (the overview's `?actions=overdue`
    and the home page's count)."""
    day = today or timezone.localdate()
    return actions.exclude(status=ActionStatus.CLOSED).filter(due_date__lt=day)
