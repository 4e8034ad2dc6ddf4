"""The referral mechanism's part of the work queues (the Responsible Authority, municipal
social workers, police, service providers, regional committees): referrals to answer, open
cases, overdue plan steps, referrals awaiting an answer and open escalations, each counted over
the cases the user may see (cases.domain.access) and linked to the case list so filtered."""

from dataclasses import replace
from typing import Any

from django.utils.translation import gettext_lazy

from lidhja.accounts.domain.permissions import can
from lidhja.accounts.models import User
from lidhja.cases.domain.access import has_case_role
from lidhja.cases.domain.queries import CaseFilter, case_list, referral_inbox
from lidhja.cases.models.choices import Stage
from lidhja.home.domain.queue import Item, Section, link

# (label, filter flag or "" for every open case)
CASE_ITEMS: tuple[tuple[Any, str], ...] = (
    (gettext_lazy("Cases with overdue plan steps"), "overdue"),
    (gettext_lazy("Cases with a referral awaiting an answer"), "awaiting_answer"),
    (gettext_lazy("Cases with an open escalation"), "escalated"),
    (gettext_lazy("Open cases"), ""),
)


def case_item(user: User, label: Any, flag: str) -> Item:
    flags: dict[str, Any] = {flag: True} if flag else {}
    cases = case_list(user, replace(CaseFilter(stage=Stage.OPEN), **flags))
    query = {"stage": Stage.OPEN.value, **({flag: "on"} if flag else {})}
    return Item(label, cases.count(), link("cases:list", query=query))


def cases_section(user: User) -> Section | None:
    if not has_case_role(user):
        return None
    if not can(user, "case.referral_inbox"):
        return Section("cases", gettext_lazy("Cases"), [case_item(user, *c) for c in CASE_ITEMS])
    # An organisation that receives referrals answers them from its inbox (and a case it has
    # not answered for is not yet open to it, so the case list could not count it).
    inbox = Item(
        gettext_lazy("Referrals awaiting your answer"),
        referral_inbox(user, awaiting=True).count(),
        link("cases:referrals", query={"status": "sent"}),
    )
    items = [case_item(user, *c) for c in CASE_ITEMS if c[1] != "awaiting_answer"]
    return Section("cases", gettext_lazy("Cases"), [inbox, *items])
