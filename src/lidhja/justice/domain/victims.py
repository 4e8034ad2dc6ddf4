"""Victims linked to a proceeding by their case code, without a window onto the case.

A justice user is not a case user: the case access rules (cases.domain.access) give
prosecutors, investigators and court clerks no case at all. So a link is checked **by format
only**: a code of the shape the case module draws (`C-` and eight characters of its alphabet)
is recorded, whether or not such a case exists, as "pending confirmation by the case's
managing unit". An unknown code and the code of a case the user may not see get the same
answer, at the same cost, so a link tells nothing about the register of victims. Justice pages
and the API show the code, the role in the proceeding (witness, injured party) and the status
of the link; never anything of the case or the person.

The case side decides. Users who may work the case whole and hold
`case.decide_proceeding_link` (the Responsible Authority; the municipal unit that manages the
case) see on the case page and in the case API the links naming their case: the proceeding's
code, the registering office and the role asked, nothing else of the proceeding. They confirm
or decline each (services.confirm_victim_link, decline_victim_link, the case step
`proceeding-link`); the justice side then sees "confirmed" or "not confirmed", and still
nothing of the case. A link nobody may decide (an unknown code) stays pending.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lidhja.accounts.domain.permissions import scope_of
from lidhja.cases.domain.access import CaseAccess, Level
from lidhja.cases.domain.services import CODE_ALPHABET
from lidhja.cases.models import Case
from lidhja.justice.models import VictimLink
from lidhja.justice.models.choices import LinkStatus

CASE_CODE = re.compile(rf"^C-[{CODE_ALPHABET}]{{8}}$")


def checked_code(value: str) -> str:
    code = (value or "").strip().upper()
    if not CASE_CODE.match(code):
        raise ValidationError(
            {"case_code": _("Give a case code of the form C-XXXXXXXX, as the case shows it.")}
        )
    return code


def may_decide(user: Any, access: CaseAccess) -> bool:
    """May `user`, with `access` to a case, confirm or decline links to it?"""
    held = scope_of(user, "case.decide_proceeding_link") is not None
    return held and access.level is Level.FULL and access.can_edit


def links_of(case: Case) -> QuerySet[VictimLink]:
    return VictimLink.objects.filter(case_code=case.code).select_related(
        "proceeding", "proceeding__office"
    )


def pending_links(case: Case) -> QuerySet[VictimLink]:
    return links_of(case).filter(status=LinkStatus.PENDING)


def case_rows(case: Case) -> list[dict[str, Any]]:
    """The links naming `case`, as the case page and the case API show them: the proceeding's
    code, the registering office, the role asked and the decision; nothing else."""
    return [
        {
            "id": link.pk,
            "version": link.version,
            "proceeding": link.proceeding.code,
            "office": link.proceeding.office.code,
            "role": link.role,
            "status": link.status,
            "recorded_on": link.recorded_at.date(),
            "decided_on": link.decided_at.date() if link.decided_at else None,
        }
        for link in links_of(case).order_by("recorded_at", "id")
    ]
