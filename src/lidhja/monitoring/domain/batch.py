"""Submitting a period's ready drafts together: the focal point first reviews the list of
reports that are ready and of those that are not (and why), then submits the ready ones in one
transaction, each through the workflow's own `submit` step (its checks, event and audit entry).
If any report was changed since the list was shown, or any step refuses, nothing is submitted.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.accounts.models import User
from lidhja.monitoring.domain.services import (
    EDITABLE_STATUSES,
    WrongState,
    completeness_errors,
    transition,
)
from lidhja.monitoring.models import Obligation, ProgressReport, ReportingPeriod
from lidhja.organisations.models import Organisation


@dataclass(frozen=True)
class Candidate:
    obligation: Obligation
    report: ProgressReport | None
    missing: list[str] = field(default_factory=list)  # why it is not ready; empty when ready

    @property
    def ready(self) -> bool:
        return self.report is not None and not self.missing


def _require(by: User, organisation: Organisation) -> None:
    if not can(by, "monitoring.report", organisation):
        raise PermissionDenied(_("You may not submit this organisation's reports."))


def candidates(period: ReportingPeriod, organisation: Organisation) -> list[Candidate]:
    """The organisation's reports of `period` that are still to be submitted, in plan order:
    each drafted one with what it lacks, each not yet started one as not ready."""
    obligations = (
        Obligation.objects.filter(period=period, organisation=organisation)
        .filter(Q(report__isnull=True) | Q(report__status__in=EDITABLE_STATUSES))
        .select_related("node", "report")
        .order_by("node__position", "pk")
    )
    found = []
    for obligation in obligations:
        report = obligation.report_or_none
        if report is None:
            found.append(Candidate(obligation, None, [_("Not started: there is no draft yet.")]))
        else:
            found.append(Candidate(obligation, report, list(completeness_errors(report).values())))
    return found


@transaction.atomic
def submit_ready(
    period: ReportingPeriod,
    organisation: Organisation,
    reviewed: dict[int, int],
    *,
    by: User,
) -> list[ProgressReport]:
    """Submit every ready report of `organisation` for `period`. `reviewed` maps each report
    the user saw listed as ready to the version they saw; if the ready reports are not exactly
    those, at those versions, nothing is submitted (StaleObject)."""
    _require(by, organisation)
    # Locked in one stable order (by key), so two batches cannot wait on each other.
    editable = (
        ProgressReport.objects.select_for_update(of=("self",))
        .filter(
            obligation__period=period,
            obligation__organisation=organisation,
            status__in=EDITABLE_STATUSES,
        )
        .order_by("pk")
    )
    ready = {report.pk: report for report in editable if not completeness_errors(report)}
    if {pk: report.version for pk, report in ready.items()} != reviewed:
        raise StaleObject(
            _("The reports changed after the list was shown. Check the list again, then submit.")
        )
    if not ready:
        raise WrongState(_("No report is ready to submit."))
    return [transition(ready[pk], "submit", version=reviewed[pk], by=by) for pk in sorted(ready)]
