"""The smaller parts of the work queues: coordination decisions past their due date, accounts
waiting for approval, the helpline's calls of the day and a justice office's proceedings."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from lidhja.accounts.domain.approval import pending_approvals
from lidhja.accounts.domain.permissions import can, scope_of
from lidhja.accounts.models import User
from lidhja.coordination.domain.access import visible_decisions
from lidhja.coordination.domain.queries import decisions_of
from lidhja.helpline.domain.queries import calls_for, may_log, on_day
from lidhja.home.domain.queue import Action, Item, Section, link
from lidhja.justice.domain.access import has_justice_role
from lidhja.justice.domain.reading import list_for


def coordination_section(user: User) -> Section | None:
    """The decisions of the bodies the user sees (or owned by the user's organisation) that
    are open past their due date: the decisions page's "overdue" filter."""
    if scope_of(user, "coordination.view") is None:
        return None
    late = decisions_of(visible_decisions(user), "overdue").count()
    url = link("coordination:decisions", query={"state": "overdue"})
    item = Item(gettext_lazy("Coordination decisions past their due date"), late, url)
    return Section("coordination", gettext_lazy("Coordination"), [item])


def accounts_section(user: User) -> Section | None:
    if not can(user, "user.manage"):
        return None
    item = Item(
        gettext_lazy("Accounts waiting for approval"),
        pending_approvals().count(),
        link("users:list", anchor="pending-heading"),
    )
    return Section("accounts", gettext_lazy("Accounts"), [item])


def helpline_section(user: User) -> Section | None:
    if not may_log(user) or user.organisation_id is None:
        return None
    today = on_day(calls_for(user), timezone.localdate()).count()
    item = Item(gettext_lazy("Calls logged today"), today, link("helpline:calls"))
    action = Action(gettext_lazy("Log a call"), link("helpline:calls"))
    return Section("helpline", gettext_lazy("Helpline"), [item], action=action)


def justice_section(user: User) -> Section | None:
    if not has_justice_role(user):
        return None
    item = Item(
        gettext_lazy("Proceedings of your office"), list_for(user).count(), link("justice:list")
    )
    action = (
        Action(gettext_lazy("Register a proceeding"), link("justice:new"))
        if can(user, "justice.edit")
        else None
    )
    return Section("justice", gettext_lazy("Criminal-justice proceedings"), [item], action=action)
