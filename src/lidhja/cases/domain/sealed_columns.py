"""Every sealed column of the referral mechanism, in one list: key rotation re-seals each of
them, erasure clears those of a case, and a test reads each table to find no plain text."""

from django.db import models

from lidhja.cases.models import (
    CarePlan,
    Case,
    CaseEvent,
    CaseExport,
    Escalation,
    FollowUpVisit,
    Guardian,
    Person,
    PlanStep,
    Referral,
    ServiceRecord,
    StayPermit,
)

# (model, sealed column, the lookup from a row to its case; None: the person's own columns,
# which erasure handles itself). Each value is bound to its row's `context`.
COLUMNS: list[tuple[type[models.Model], str, str | None]] = [
    (Person, "sealed", None),
    (Person, "sealed_erasure_basis", None),
    (Case, "sealed_source_detail", "pk"),
    (CaseEvent, "sealed_note", "case"),
    (Referral, "sealed_note", "case"),
    (Referral, "sealed_post_return_plan", "case"),
    (Referral, "sealed_partner_authority", "case"),
    (Referral, "sealed_decline_reason", "case"),
    (CarePlan, "sealed_note", "case"),
    (PlanStep, "sealed_note", "plan__case"),
    (ServiceRecord, "sealed_note", "case"),
    (FollowUpVisit, "sealed_note", "case"),
    (StayPermit, "sealed_reference", "case"),
    (Escalation, "sealed_note", "case"),
    (Escalation, "sealed_resolution", "case"),
    (Guardian, "sealed_identity", "case"),
    (CaseExport, "sealed_purpose", "case"),
]


def clear_case_text(case: Case) -> None:
    """Erase every sealed free text of `case` and of its rows (erasure on a lawful request)."""
    for model, column, path in COLUMNS:
        if path is not None:
            lookup = {path: case.pk if path == "pk" else case}
            model._default_manager.filter(**lookup).update(**{column: None})
