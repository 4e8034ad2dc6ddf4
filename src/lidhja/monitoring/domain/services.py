"""The progress report workflow: draft → submitted → accepted, or returned → resubmitted.

Allowed transitions live in one table; each transition is recorded as a `ReportEvent` and in
the audit log, inside the same transaction, after the permission is checked again.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lidhja.accounts.domain.errors import DomainError, PermissionDenied, StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.monitoring.models import (
    FundingSource,
    ImplementationStatus,
    Obligation,
    ProgressReport,
    ReportEvent,
    ReportStatus,
)

EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
REPORT_FIELDS = (
    "implementation_status",
    "narrative",
    "outputs_achieved",
    "expenditure",
    "currency",
    "funding_source",
    "donor",
)


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    permission: str
    action: str
    refusal: (
        Any  # a lazy translation, shown when the report is not in a state this step starts from
    )


TRANSITIONS = {
    "submit": Transition(
        EDITABLE_STATUSES,
        ReportStatus.SUBMITTED,
        "monitoring.report",
        "monitoring.report_submitted",
        _lazy("Only a draft or a returned report can be submitted."),
    ),
    "accept": Transition(
        (ReportStatus.SUBMITTED,),
        ReportStatus.ACCEPTED,
        "monitoring.review",
        "monitoring.report_accepted",
        _lazy("Only a submitted report can be accepted."),
    ),
    "return": Transition(
        (ReportStatus.SUBMITTED,),
        ReportStatus.RETURNED,
        "monitoring.review",
        "monitoring.report_returned",
        _lazy("Only a submitted report can be returned."),
    ),
}


class WrongState(DomainError):
    pass


def _require(by: User, permission: str, obligation: Obligation) -> None:
    if not can(by, permission, obligation.organisation):
        raise PermissionDenied(_("You may not do this for this organisation's report."))


def _snapshot(report: ProgressReport) -> dict[str, Any]:
    values = {field: getattr(report, field) for field in REPORT_FIELDS if field != "donor"}
    values["donor"] = report.donor.code if report.donor is not None else None
    return values


def _locked(report: ProgressReport, version: int) -> ProgressReport:
    locked = (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("obligation__organisation", "obligation__period")
        .get(pk=report.pk)
    )
    if locked.version != version:
        raise StaleObject(_("This report was changed by someone else meanwhile. Reload and retry."))
    return locked


@transaction.atomic
def save_report(
    obligation: Obligation, values: dict[str, Any], *, version: int | None, by: User
) -> ProgressReport:
    """Create or update the draft report of `obligation` (`version` None for a new one)."""
    _require(by, "monitoring.report", obligation)
    existing = ProgressReport.objects.filter(obligation=obligation).first()
    if existing is None:
        report = ProgressReport(obligation=obligation)
        before: dict[str, Any] = {}
    else:
        report = _locked(existing, version if version is not None else -1)
        if report.status not in EDITABLE_STATUSES:
            raise WrongState(_("A submitted or accepted report can no longer be edited."))
        before = _snapshot(report)
    for field in REPORT_FIELDS:
        setattr(report, field, values.get(field, getattr(report, field, None)))
    report.full_clean(exclude=["obligation"])
    if existing is not None:
        report.version += 1
    report.save()
    audit.record(
        "monitoring.report_saved",
        actor=by,
        obj=report,
        changes=audit.diff(before, _snapshot(report)),
    )
    return report


def completeness_errors(report: ProgressReport) -> dict[str, str]:
    """What a report must hold before it can be submitted, by field."""
    errors = {}
    if not report.implementation_status:
        errors["implementation_status"] = _("Say how the activity stands.")
    if (
        report.implementation_status != ImplementationStatus.NOT_APPLICABLE
        and not report.narrative.strip()
    ):
        errors["narrative"] = _("Describe the progress made in the period.")
    if report.expenditure and report.expenditure > Decimal(0) and not report.funding_source:
        errors["funding_source"] = _("Say where the money came from.")
    if report.funding_source == FundingSource.DONOR and not report.donor_id:
        errors["donor"] = _("Name the donor.")
    return errors


@transaction.atomic
def transition(
    report: ProgressReport, name: str, *, version: int, by: User, comment: str = ""
) -> ProgressReport:
    """Move `report` along the workflow: `submit`, `accept` or `return`."""
    step = TRANSITIONS[name]
    locked = _locked(report, version)
    _require(by, step.permission, locked.obligation)
    if locked.status not in step.sources:
        raise WrongState(str(step.refusal))
    if name == "submit" and (errors := completeness_errors(locked)):
        raise ValidationError(errors)
    if name == "return" and not comment.strip():
        raise ValidationError({"comment": _("Say what needs to change.")})
    now = timezone.now()
    previous, locked.status = locked.status, step.target
    if name == "submit":
        if locked.submitted_at is None:
            locked.submitted_at, locked.submitted_on = now, timezone.localdate(now)
        locked.last_submitted_at = now
    else:
        locked.reviewed_at, locked.review_comment = now, comment.strip()
    locked.version += 1
    locked.save()
    ReportEvent.objects.create(
        report=locked,
        from_status=previous,
        to_status=step.target,
        actor=by,
        at=now,
        comment=comment.strip(),
    )
    audit.record(
        step.action,
        actor=by,
        obj=locked,
        changes={"status": [previous, step.target]},
        reason=comment.strip()[:255],
    )
    return locked
