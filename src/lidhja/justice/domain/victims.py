"""Victims linked to a proceeding by their case code, without a window onto the case.

A justice user is not a case user: the case access rules (cases.domain.access) give
prosecutors, investigators and court clerks no case at all. So a link is checked **by format
only**: a code of the shape the case module draws (`C-` and eight characters of its alphabet)
is recorded, whether or not such a case exists, as "pending confirmation by the case's
managing unit". An unknown code and the code of a case the user may not see get the same
answer, at the same cost, so a link tells nothing about the register of victims. Justice pages
and the API show the code, the role in the proceeding (witness, injured party) and the status
of the link; never anything of the case or the person.

Confirmation by the managing unit (a step of the case) is not built yet: links stay pending.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lidhja.cases.domain.services import CODE_ALPHABET

CASE_CODE = re.compile(rf"^C-[{CODE_ALPHABET}]{{8}}$")


def checked_code(value: str) -> str:
    code = (value or "").strip().upper()
    if not CASE_CODE.match(code):
        raise ValidationError(
            {"case_code": _("Give a case code of the form C-XXXXXXXX, as the case shows it.")}
        )
    return code
