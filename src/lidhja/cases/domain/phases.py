"""Where a case stands: identification → assistance → return and reintegration → closed.

The phase is computed here, once, from the case's stage, status and steps, never stored; the
case page draws it as a step indicator and the API gives its code (`phase`)."""

from typing import Any

from lidhja.cases.models import Case
from lidhja.cases.models.choices import (
    CaseStatus,
    Phase,
    PlanKind,
    ReferralStatus,
    ServiceKind,
    Stage,
)

ORDER = (Phase.IDENTIFICATION, Phase.ASSISTANCE, Phase.RETURN, Phase.CLOSED)
ASSISTANCE_PLANS = (PlanKind.NEEDS, PlanKind.ASSISTANCE)


def _returning(case: Case) -> bool:
    """A return or reintegration is under way: planned, referred, given or followed up."""
    return (
        case.plans.filter(kind=PlanKind.REINTEGRATION).exists()
        or case.referrals.filter(service=ServiceKind.RETURN)
        .exclude(status=ReferralStatus.DECLINED)
        .exists()
        or case.services.filter(kind=ServiceKind.RETURN, refused=False).exists()
        or case.follow_ups.exists()
    )


def _assisted(case: Case) -> bool:
    """The person is identified, or assistance was planned, referred or given."""
    return (
        case.status == CaseStatus.IDENTIFIED
        or case.plans.filter(kind__in=ASSISTANCE_PLANS).exists()
        or case.referrals.exclude(status=ReferralStatus.DECLINED).exists()
        or case.services.filter(refused=False).exists()
    )


def phase_of(case: Case) -> Phase:
    if case.stage != Stage.OPEN:
        return Phase.CLOSED
    if _returning(case):
        return Phase.RETURN
    if _assisted(case):
        return Phase.ASSISTANCE
    return Phase.IDENTIFICATION


def path(case: Case) -> dict[str, Any]:
    """The phases in order, each done, current or to come: what the step indicator draws."""
    current = phase_of(case)
    position = ORDER.index(current)
    return {
        "current": current.value,
        "label": current.label,
        "steps": [
            {
                "code": phase.value,
                "label": phase.label,
                "state": "done" if i < position else "current" if i == position else "to_come",
            }
            for i, phase in enumerate(ORDER)
        ],
    }
