"""The monitoring part of the work queues: a focal point's reports of the period; the period
ONAC reviews and, for those who see every organisation, who has not reported; and the plan's
activities at risk, timelines to fix and overdue remedial actions."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lidhja.accounts.domain.permissions import Scope, can, scope_of
from lidhja.accounts.models import User
from lidhja.evaluation.domain.queries import overdue, remedial_actions
from lidhja.home.domain.queue import Action, Facts, Item, Row, Section, link
from lidhja.monitoring.domain.figures import compliance_figures
from lidhja.monitoring.domain.queries import (
    NOT_STARTED,
    latest_period,
    missing_reports,
    obligations_for,
    status_counts,
    waiting_for_review,
    with_report_status,
)
from lidhja.monitoring.domain.reporting import at_risk_count
from lidhja.monitoring.models import Obligation, ReportingPeriod, ReportStatus
from lidhja.plans.domain.queries import plan_summaries
from lidhja.plans.models import Plan

LEFT_TO_DO = (NOT_STARTED, ReportStatus.DRAFT, ReportStatus.RETURNED)
RETURNED_SHOWN = 5  # returned reports listed under their count, with their comment's start


def _obligations(period: ReportingPeriod, status: str) -> str:
    """The period's obligation list filtered by report status (scoped to the user there)."""
    return link("monitoring:obligations", period.code, query={"status": status})


def _facts(period: ReportingPeriod, counts: dict[str, int]) -> Facts:
    owed = sum(counts.values())
    left = sum(counts.get(status, 0) for status in LEFT_TO_DO)
    return Facts(period.code, period.due_date, owed, left)


def _returned_rows(obligations: QuerySet[Obligation]) -> tuple[Row, ...]:
    returned = with_report_status(obligations, ReportStatus.RETURNED)
    return tuple(
        Row(
            f"{o.node.code} · {Truncator(o.node.text).chars(60)}",
            link("monitoring:report", o.pk),
            Truncator(o.report.review_comment).chars(90),
        )
        for o in returned.select_related("report", "node")[:RETURNED_SHOWN]
    )


def reports_section(user: User) -> Section | None:
    """A focal point's (or a committee member's) reports of the organisation's latest period:
    what is left to do, drafts, and reports ONAC returned with a comment."""
    if scope_of(user, "monitoring.report") is not Scope.OWN or user.organisation is None:
        return None
    title = gettext_lazy("Your organisation's reports")
    period = latest_period(user.organisation)
    if period is None:
        empty = gettext_lazy(
            "No report is owed yet: ONAC opens each quarter's reporting period, and your "
            "organisation's reports will be listed here then."
        )
        return Section("reports", title, empty=empty)
    obligations = obligations_for(user, period)
    counts = status_counts(obligations)
    items = [
        Item(
            gettext_lazy("Not started"),
            counts.get(NOT_STARTED, 0),
            _obligations(period, NOT_STARTED),
        ),
        Item(
            gettext_lazy("Drafts to finish and submit"),
            counts.get(ReportStatus.DRAFT, 0),
            _obligations(period, ReportStatus.DRAFT),
        ),
        Item(
            gettext_lazy("Returned with a comment from ONAC"),
            counts.get(ReportStatus.RETURNED, 0),
            _obligations(period, ReportStatus.RETURNED),
            _returned_rows(obligations) if counts.get(ReportStatus.RETURNED) else (),
        ),
    ]
    return Section("reports", title, items, facts=_facts(period, counts))


def current_quarter() -> str:
    today = timezone.localdate()
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


def open_period_action() -> tuple[str, Action]:
    """What ONAC is offered when no period is open: a button that opens this quarter for the
    only plan, or the form that asks which period and plan when there are several."""
    plans = list(Plan.objects.order_by("code")[:2])
    if not plans:
        empty = _("No plan is loaded yet: load the Action Plan first, then open its period.")
        return empty, Action(gettext_lazy("See the plans"), link("plans:list"))
    empty = _(
        "No reporting period is open. Opening it derives from the plan which organisation "
        "owes a report on which activity."
    )
    if len(plans) > 1:
        return empty, Action(
            gettext_lazy("Open the period"), link("monitoring:periods", anchor="open-heading")
        )
    code = current_quarter()
    label = _("Open the period %(period)s") % {"period": code}
    fields = {"period": code, "plan": plans[0].code}
    return empty, Action(label, link("monitoring:periods"), fields)


def _review_items(latest: ReportingPeriod) -> list[Item]:
    waiting = waiting_for_review()
    if not waiting:
        label = _("Reports waiting for review")
        return [Item(label, 0, _obligations(latest, ReportStatus.SUBMITTED))]
    items = []
    for period, n in waiting:
        label = _("Reports waiting for review")
        if period.pk != latest.pk:
            label = _("Reports waiting for review, %(period)s") % {"period": period.code}
        items.append(Item(label, n, _obligations(period, ReportStatus.SUBMITTED)))
    return items


def period_section(user: User) -> Section | None:
    """For those who see every organisation's reports (ONAC, the Task Force): the latest
    period, the reports waiting for ONAC's review, and the organisations whose reports are
    missing; with no period yet, ONAC is offered to open it."""
    if scope_of(user, "monitoring.view") is not Scope.ALL:
        return None
    title = gettext_lazy("Quarterly reporting")
    period = latest_period()
    if period is None:
        if not can(user, "monitoring.review"):
            return Section("period", title, empty=gettext_lazy("No reporting period is open yet."))
        empty, action = open_period_action()
        return Section("period", title, empty=empty, action=action)
    items = _review_items(period) if can(user, "monitoring.review") else []
    rows: list[Any] = compliance_figures(period, "organisation", "")
    missing = missing_reports(rows)
    items.append(
        Item(
            gettext_lazy("Organisations with reports missing"),
            len(missing),
            link("monitoring:compliance", period.code, query={"missing": "on"}),
        )
    )
    counts = status_counts(Obligation.objects.filter(period=period))
    return Section("period", title, items, facts=_facts(period, counts))


def _named(label: str, plan: Plan, several: bool) -> str:
    return _("%(label)s, %(plan)s") % {"label": label, "plan": plan.code} if several else label


def plan_section(user: User) -> Section | None:
    """The plan's work: activities at risk (as of the latest period), timelines to fix and
    overdue remedial actions, per plan, each shown to whoever may act on it or sees it all."""
    period = latest_period()
    summaries = plan_summaries()
    several = len(summaries) > 1
    items = []
    for summary in summaries:
        plan = summary.plan
        if period is not None and scope_of(user, "monitoring.view") is Scope.ALL:
            at_risk = at_risk_count(plan, period)
            url = link(
                "monitoring:quarterly", period.code, query={"plan": plan.code}, anchor="at-risk"
            )
            items.append(Item(_named(_("Activities at risk"), plan, several), at_risk, url))
        if can(user, "plan.manage"):
            url = link("plans:tree", plan.code, query={"flagged": "on"})
            items.append(Item(_named(_("Timelines to fix"), plan, several), summary.flagged, url))
        if can(user, "evaluation.manage"):
            n = overdue(remedial_actions(plan)).count()
            url = link("evaluation:overview", query={"plan": plan.code, "actions": "overdue"})
            items.append(Item(_named(_("Overdue remedial actions"), plan, several), n, url))
    return Section("plan", gettext_lazy("The Action Plan"), items) if items else None
