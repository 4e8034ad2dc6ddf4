"""The words of the cases' audit entries (lidhja.audit.domain.wording): what each key of their
changes means and how its codes read, from the same definitions as the pages (the step inputs'
labels, the vocabularies). Registered when the app is ready."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from lidhja.audit.domain.wording import Term, register
from lidhja.cases.domain.identity import GUARDIAN_FIELDS
from lidhja.cases.domain.screening import INDICATORS
from lidhja.cases.domain.timeline import FIELD_LABELS
from lidhja.cases.models.choices import (
    CaseStatus,
    ClosureReason,
    ErasureReason,
    EscalationLevel,
    EscalationReason,
    PermitKind,
    PlanKind,
    ReferralStatus,
    ReopenReason,
    ServiceKind,
    Shared,
)

ACCESS = (
    ("full", _("the whole case")),
    ("shared", _("what a referral shares")),
    ("summary", _("a summary")),
)
CHANNELS = (("page", _("web page")), ("api", _("API")))


def _fields() -> list[tuple[str, Any]]:
    return [*FIELD_LABELS.items(), *GUARDIAN_FIELDS.items()]


def _indicators() -> list[tuple[str, Any]]:
    return [(i.code, i.label) for i in INDICATORS]


def register_terms() -> None:
    fields = Term(_("fields"), _fields)
    register(
        "case",
        {
            "level": Term(_("access"), lambda: ACCESS),
            "person": Term(_("personal data shown"), None),
            "channel": Term(_("through"), lambda: CHANNELS),
            "fields": fields,
            "identity": Term(_("personal data recorded"), _fields),
            "guardian": Term(_("guardian's data recorded"), _fields),
            "indicators": Term(_("indicators observed"), _indicators),
            "status": Term(_("status"), lambda: CaseStatus.choices),
            "service": Term(_("service"), lambda: ServiceKind.choices),
            "shared": Term(_("shared"), lambda: Shared.choices),
            "referral": Term(_("referral"), None),
            "plan": Term(_("plan"), None),
            "step": Term(_("plan step"), None),
            "escalation": Term(_("escalation"), None),
            "attachment": Term(_("file"), None),
            "export": Term(_("export"), None),
            "refused": Term(_("refused by the person"), None),
            **{name: Term(label) for name, label in FIELD_LABELS.items()},
        },
        reasons={
            "case.closed": lambda: ClosureReason.choices,
            "case.reopened": lambda: ReopenReason.choices,
            "case.person_erased": lambda: ErasureReason.choices,
        },
    )
    register(
        "case.referral_answered", {"status": Term(_("status"), lambda: ReferralStatus.choices)}
    )
    register("case.plan_recorded", {"kind": Term(_("kind"), lambda: PlanKind.choices)})
    register("case.permit_recorded", {"kind": Term(_("kind"), lambda: PermitKind.choices)})
    for action in ("case.escalated", "case.escalation_resolved"):
        register(
            action,
            {
                "level": Term(_("escalate to"), lambda: EscalationLevel.choices),
                "reason": Term(_("reason"), lambda: EscalationReason.choices),
            },
        )
    register("case.reopened", {"reason": Term(_("reason"), lambda: ReopenReason.choices)})
    register("case.person_erased", {"reason": Term(_("reason"), lambda: ErasureReason.choices)})
