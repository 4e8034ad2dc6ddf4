"""The case list: filters over the cases a user may see. Everything here works on codes and
categories; a name search goes through the blind index, never through decrypted data."""

import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from lidhja.accounts.models import User
from lidhja.cases.domain.access import full_access_cases, visible_cases
from lidhja.cases.domain.identity import search_digests
from lidhja.cases.models import (
    Case,
    CaseExploitation,
    Escalation,
    NameToken,
    PlanStep,
    Referral,
)
from lidhja.cases.models.choices import OPEN_REFERRAL, ReferralStatus

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
    # A referral sent and not yet accepted or declined; an escalation not yet resolved.
    awaiting_answer: bool = False
    escalated: bool = False
    q: str = ""

    @property
    def searches_by_name(self) -> bool:
        return bool(self.q.strip()) and not CODE.match(self.q.strip())

    @property
    def looks_into_cases(self) -> bool:
        """Does it filter on case data beyond code, kind, status and stage?"""
        return self.searches_by_name or bool(
            self.qark
            or self.exploitation
            or self.open_referral
            or self.overdue
            or self.awaiting_answer
            or self.escalated
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
    if f.awaiting_answer:
        cases = cases.filter(
            Exists(Referral.objects.filter(case=OuterRef("pk"), status=ReferralStatus.SENT))
        )
    if f.escalated:
        cases = cases.filter(
            Exists(Escalation.objects.filter(case=OuterRef("pk"), resolved_at__isnull=True))
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


def referral_inbox(user: User, *, awaiting: bool = False) -> QuerySet[Referral]:
    """The referrals received by the user's organisation, newest first; `awaiting`: only
    those not yet answered (the home page counts these, the inbox lists them)."""
    referrals = Referral.objects.filter(to_organisation_id=user.organisation_id)
    if awaiting:
        referrals = referrals.filter(status=ReferralStatus.SENT)
    return referrals.select_related("case", "from_organisation").order_by("-sent_at", "-pk")
