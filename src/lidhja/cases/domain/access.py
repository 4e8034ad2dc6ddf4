"""Need to know, decided here and nowhere else.

The policy table (accounts.domain.permissions) says which roles hold case permissions and how
far they reach; this module turns a scope into cases:

- ALL (Responsible Authority): every case.
- OWN: for municipal social workers, the cases their unit manages (a case transferred to
  another unit leaves them); for police, the cases their organisation opened.
- REFERRED (service providers): cases referred to their organisation. While a referral is
  open they see what it shares and may act on it; afterwards a read-only summary.
- QARK (regional committees): cases of their qark escalated to the committee. While the
  escalation is open they see and act on the whole case; afterwards a read-only summary.

Everyone else (ONAC analysts, Task Force members, the system administrator, prosecutors,
focal points) holds no case permission and sees no case at all.
"""

from dataclasses import dataclass, field
from enum import IntEnum

from django.db.models import Exists, OuterRef, Q, QuerySet

from lidhja.accounts.domain.permissions import Scope, Someone, scope_of
from lidhja.accounts.models import User
from lidhja.cases.models import Case, Escalation, Referral
from lidhja.cases.models.choices import OPEN_REFERRAL, EscalationLevel, Shared, Stage


class Level(IntEnum):
    NONE = 0
    SUMMARY = 1  # code, kind, status and dates; never personal data; read-only
    SHARED = 2  # what the open referrals to the user's organisation share
    FULL = 3  # the whole case


@dataclass(frozen=True)
class CaseAccess:
    level: Level
    can_edit: bool = False
    shared: frozenset[str] = field(default_factory=frozenset)
    referral_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def sees_identity(self) -> bool:
        return self.level is Level.FULL or Shared.IDENTITY in self.shared

    def sees(self, item: str) -> bool:
        return self.level is Level.FULL or item in self.shared


NO_ACCESS = CaseAccess(Level.NONE)


def has_case_role(user: Someone) -> bool:
    """Does `user` hold any case permission (else every case page answers 403)?"""
    return scope_of(user, "case.view_personal") is not None


def _qark(user: User) -> str:
    """The qark of the user's organisation ("" without one, which reaches no committee's cases)."""
    return user.organisation.qark if user.organisation else ""


def _open_referrals_to(org_id: int | None) -> Q:
    return Q(referrals__to_organisation_id=org_id, referrals__status__in=OPEN_REFERRAL)


# Which organisation of a case makes it the user's own, per scope.
OWN_FIELD = {Scope.OWN: "managing_organisation_id", Scope.OPENED: "opened_by_organisation_id"}


def visible_cases(user: User) -> QuerySet[Case]:
    """Every case `user` may see at any level (summary included)."""
    scope = scope_of(user, "case.view_personal")
    cases = Case.objects.all()
    if scope is None:
        return cases.none()
    if scope is Scope.ALL:
        return cases
    org_id = user.organisation_id
    if scope in OWN_FIELD:
        return cases.filter(**{OWN_FIELD[scope]: org_id})
    if scope is Scope.REFERRED:
        return cases.filter(
            Exists(Referral.objects.filter(case=OuterRef("pk"), to_organisation_id=org_id))
        )
    if scope is Scope.QARK:
        qark = _qark(user)
        if not qark:
            return cases.none()
        return cases.filter(qark=qark).filter(
            Exists(Escalation.objects.filter(case=OuterRef("pk"), level=EscalationLevel.RCAT))
        )
    return cases.none()


def full_access_cases(user: User) -> QuerySet[Case]:
    """The cases `user` sees whole: the only ones a search by name or a filter on case data
    (exploitation, region, plan steps, referrals) may run over, so that neither reveals
    anything about cases the user sees a summary or a referral's share of."""
    scope = scope_of(user, "case.view_personal")
    if scope in (Scope.ALL, *OWN_FIELD):
        return visible_cases(user)
    if scope is Scope.QARK:
        return visible_cases(user).filter(
            Exists(
                Escalation.objects.filter(
                    case=OuterRef("pk"), level=EscalationLevel.RCAT, resolved_at__isnull=True
                )
            )
        )
    return Case.objects.none()


def access_to(user: User, case: Case) -> CaseAccess:
    """How far `user` may see and act on `case`."""
    view = scope_of(user, "case.view_personal")
    edit = scope_of(user, "case.edit")
    if view is None:
        return NO_ACCESS
    writable = case.stage != Stage.ARCHIVED and case.person.erased_at is None
    org_id = user.organisation_id
    if view is Scope.ALL:
        return CaseAccess(Level.FULL, can_edit=edit is not None and writable)
    if view in OWN_FIELD:
        if getattr(case, OWN_FIELD[view]) == org_id:
            return CaseAccess(Level.FULL, can_edit=edit is not None and writable)
        return NO_ACCESS
    if view is Scope.REFERRED:
        referrals = list(case.referrals.filter(to_organisation_id=org_id))
        if not referrals:
            return NO_ACCESS
        open_ones = [r for r in referrals if r.status in OPEN_REFERRAL]
        if not open_ones:
            return CaseAccess(Level.SUMMARY)
        shared = frozenset(item for r in open_ones for item in r.shared)
        return CaseAccess(
            Level.SHARED,
            can_edit=edit is not None and writable,
            shared=shared,
            referral_ids=frozenset(r.pk for r in open_ones),
        )
    if view is Scope.QARK:
        qark = _qark(user)
        if not qark or case.qark != qark:
            return NO_ACCESS
        escalations = list(case.escalations.filter(level=EscalationLevel.RCAT))
        if not escalations:
            return NO_ACCESS
        if any(e.resolved_at is None for e in escalations):
            return CaseAccess(Level.FULL, can_edit=edit is not None and writable)
        return CaseAccess(Level.SUMMARY)
    return NO_ACCESS


def levels_of(user: User, cases: list[Case]) -> dict[int, Level]:
    """The access level of `user` to each of `cases` (a page of a list), in one query at most:
    the same answers as `access_to`, without a query per case."""
    scope = scope_of(user, "case.view_personal")
    ids = [case.pk for case in cases]
    if scope is None:
        return dict.fromkeys(ids, Level.NONE)
    if scope is Scope.ALL:
        return dict.fromkeys(ids, Level.FULL)
    if scope in OWN_FIELD:
        visible = set(visible_cases(user).filter(pk__in=ids).values_list("pk", flat=True))
        return {pk: Level.FULL if pk in visible else Level.NONE for pk in ids}
    if scope is Scope.REFERRED:
        referrals = Referral.objects.filter(
            case_id__in=ids, to_organisation_id=user.organisation_id
        )
        statuses: dict[int, set[str]] = {}
        for case_id, status in referrals.values_list("case_id", "status"):
            statuses.setdefault(case_id, set()).add(status)
        levels = {}
        for pk in ids:
            if pk not in statuses:
                levels[pk] = Level.NONE
            else:
                levels[pk] = Level.SHARED if statuses[pk] & set(OPEN_REFERRAL) else Level.SUMMARY
        return levels
    qark = _qark(user)
    escalations = Escalation.objects.filter(
        case_id__in=ids, case__qark=qark, level=EscalationLevel.RCAT
    ).values_list("case_id", "resolved_at")
    opened: dict[int, bool] = {}
    for case_id, resolved_at in escalations:
        opened[case_id] = opened.get(case_id, False) or resolved_at is None
    return {
        pk: Level.NONE
        if pk not in opened or not qark
        else Level.FULL
        if opened[pk]
        else Level.SUMMARY
        for pk in ids
    }
