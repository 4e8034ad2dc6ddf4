"""The work queue of each role, shown on its home page: the sections a user's permissions
give (the policy table decides; no role is named here), in the order of the day's work."""

from collections.abc import Callable

from lidhja.accounts.models import User
from lidhja.home.domain.cases import cases_section
from lidhja.home.domain.monitoring import period_section, plan_section, reports_section
from lidhja.home.domain.others import (
    accounts_section,
    coordination_section,
    helpline_section,
    justice_section,
)
from lidhja.home.domain.queue import Section

SECTIONS: tuple[Callable[[User], Section | None], ...] = (
    accounts_section,
    period_section,
    reports_section,
    cases_section,
    helpline_section,
    justice_section,
    plan_section,
    coordination_section,
)


def queue_for(user: User) -> list[Section]:
    """Every section of `user`'s work queue, each with its counts and links."""
    return [section for build in SECTIONS if (section := build(user)) is not None]
