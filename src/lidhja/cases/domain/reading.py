"""Reading cases, with the read in the audit log: finding a case, viewing it, revealing the
person and searching. Each function computes the user's access itself, so the pages and the
API read exactly alike and cannot forget the audit entry."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import NotFound, PermissionDenied
from lidhja.audit.domain import services as audit
from lidhja.cases.domain import casefile, crypto, identity
from lidhja.cases.domain.access import CaseAccess, Level, access_to, has_case_role
from lidhja.cases.domain.queries import CaseFilter, case_list
from lidhja.cases.domain.steps import Step, offered_steps
from lidhja.cases.models import Case, CaseExport
from lidhja.cases.models.choices import Shared


def require_case_role(user: Any) -> None:
    if not has_case_role(user):
        raise PermissionDenied(_("You have no access to cases."))


def find_case(user: Any, code: str) -> tuple[Case, CaseAccess]:
    """The case with `code` and the user's access to it. A case the user may not see is as
    unknown as a missing one; a user without any case role is refused outright."""
    require_case_role(user)
    case = (
        Case.objects.select_related("person", "managing_organisation", "opened_by_organisation")
        .filter(code=code.upper()[:16])
        .first()
    )
    if case is None:
        raise NotFound(_("No such case."))
    access = access_to(user, case)
    if access.level is Level.NONE:
        raise NotFound(_("No such case."))
    return case, access


def sees_person(access: CaseAccess) -> bool:
    return access.sees_identity or bool(access.shared & {Shared.CONTACTS, Shared.DOCUMENT})


@dataclass
class CaseView:
    """What `user` sees of a case: the parts of the case file and the steps offered."""

    case: Case
    access: CaseAccess
    parts: dict[str, Any]
    steps: list[Step]
    person: dict[str, str] | None = None
    sees_person: bool = field(default=False)


def view_case(user: Any, code: str, *, person: bool = False, channel: str = "page") -> CaseView:
    """Open a case for reading (audited as `case.viewed`), with the person when asked for.
    The file is read first; the audit entry then takes a short transaction, so the chain's
    head (and, on SQLite, the write lock) is held only briefly (see bench/load.py)."""
    case, access = find_case(user, code)
    parts = casefile.for_access(case, access, user)
    steps = offered_steps(case, access, user)
    shown = None
    with transaction.atomic():
        audit.record(
            "case.viewed",
            actor=user,
            obj=case,
            changes={"level": access.level.name.lower(), "person": person, "channel": channel},
        )
        if person and sees_person(access):
            shown = identity.reveal(case.person, case=case, access=access, by=user)
    return CaseView(
        case=case,
        access=access,
        parts=parts,
        steps=steps,
        person=shown,
        sees_person=sees_person(access),
    )


@transaction.atomic
def reveal_person(user: Any, code: str, *, reason: str = "") -> tuple[Case, dict[str, str]]:
    """The person's identifying data that `user` may see (the read is audited)."""
    case, access = find_case(user, code)
    if not sees_person(access):
        raise PermissionDenied(_("You may not see this person's data."))
    return case, identity.reveal(case.person, case=case, access=access, by=user, reason=reason)


def search_cases(user: Any, f: CaseFilter) -> QuerySet[Case]:
    """The cases of a list or search; a search by name is audited (the fact, never the term)."""
    require_case_role(user)
    cases = case_list(user, f)
    if f.searches_by_name:
        with transaction.atomic():
            audit.record("case.searched", actor=user)
    return cases


@transaction.atomic
def export_case_file(user: Any, code: str, *, purpose: str) -> tuple[Case, dict[str, str]]:
    """(case, person) for an export of the whole case file: full access only, the purpose
    stated and kept sealed (CaseExport), the export and the person's read audited."""
    case, access = find_case(user, code)
    if access.level is not Level.FULL:
        raise PermissionDenied(_("Only a reader of the whole case exports it."))
    if not purpose.strip():
        raise ValidationError({"purpose": _("State the purpose of the export.")})
    export = CaseExport(case=case, exported_by=user, exported_at=timezone.now())
    export.sealed_purpose = crypto.seal_text(purpose.strip(), export.context)
    export.save()
    person = identity.reveal(case.person, case=case, access=access, by=user)
    audit.record("case.exported", actor=user, obj=case, changes={"export": export.pk})
    return case, person
