"""The case list: filters over the cases a user may see. Everything here works on codes and
categories; a name search goes through the blind index, never through decrypted data."""

import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from lidhja.accounts.models import User
from lidhja.cases.domain.access import full_access_cases, visible_cases
from lidhja.cases.domain.identity import search_digests
from lidhja.cases.models import Case, CaseExploitation, NameToken, PlanStep, Referral
from lidhja.cases.models.choices import OPEN_REFERRAL

CODE = re.compile(r"^C-[A-Z0-9]{1,8}$", re.IGNORECASE)


@dataclass(frozen=True)
class CaseFilter:
    status: str = ""
    kind: str = ""
    stage: str = ""
    qark: str = ""
    exploitation: str = ""
    open_referral: bool = False
    overdue: bool = False
    q: str = ""

    @property
    def searches_by_name(self) -> bool:
        return bool(self.q.strip()) and not CODE.match(self.q.strip())

    @property
    def looks_into_cases(self) -> bool:
        """Does it filter on case data beyond code, kind, status and stage?"""
        return self.searches_by_name or bool(
            self.qark or self.exploitation or self.open_referral or self.overdue
        )


def case_list(user: User, f: CaseFilter) -> QuerySet[Case]:
    cases = full_access_cases(user) if f.looks_into_cases else visible_cases(user)
    for name in ("status", "kind", "stage", "qark"):
        value = getattr(f, name)
        if value:
            cases = cases.filter(**{name: value})
    if f.exploitation:
        cases = cases.filter(
            Exists(CaseExploitation.objects.filter(case=OuterRef("pk"), form=f.exploitation))
        )
    if f.open_referral:
        cases = cases.filter(
            Exists(Referral.objects.filter(case=OuterRef("pk"), status__in=OPEN_REFERRAL))
        )
    if f.overdue:
        # Uncorrelated: the open, late steps are few and found once by their index; a
        # correlated EXISTS made SQLite walk them again for every case.
        late = PlanStep.objects.filter(done_on__isnull=True, due_on__lt=timezone.localdate())
        cases = cases.filter(pk__in=late.values("plan__case_id"))
    term = f.q.strip()
    if term and CODE.match(term):
        # Codes are upper-case ASCII: a prefix is a range of the unique index ("~" sorts
        # after every code character), which neither database can do for a LIKE.
        prefix = term.upper()
        cases = cases.filter(code__gte=prefix, code__lt=prefix + "~")
    elif term:
        digests = search_digests(term)
        if not digests:
            return cases.none()
        for digest in digests:
            # Uncorrelated: the persons with this name part come from the digest index once.
            owners = NameToken.objects.filter(digest=digest).values("person_id")
            cases = cases.filter(person_id__in=owners)
    return cases.select_related("managing_organisation").order_by("-identified_on", "-id")


def work_summary(user: User) -> dict[str, int] | None:
    """What awaits `user` in the referral mechanism (None without a case role): the home
    page's "your work" counts."""
    from lidhja.cases.domain.access import has_case_role
    from lidhja.cases.models import Escalation
    from lidhja.cases.models.choices import ReferralStatus, Stage

    if not has_case_role(user):
        return None
    open_cases = case_list(user, CaseFilter(stage=Stage.OPEN))
    return {
        "open_cases": open_cases.count(),
        "overdue": case_list(user, CaseFilter(stage=Stage.OPEN, overdue=True)).count(),
        # The organisation's own inbox: the referrals it received and has not answered.
        "referrals_to_answer": Referral.objects.filter(
            to_organisation_id=user.organisation_id, status=ReferralStatus.SENT
        ).count(),
        # Over the cases the user sees whole: an escalation is part of the case, not of its
        # summary or of what a referral shares.
        "open_escalations": Escalation.objects.filter(
            case__in=full_access_cases(user).filter(stage=Stage.OPEN), resolved_at__isnull=True
        ).count(),
    }
