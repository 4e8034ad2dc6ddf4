"""A focal point's report page in one step: the draft's answers, any evidence files chosen with
them and, when asked, the submission, all in one transaction. Anything refused (a stale
version, a bad file, an incomplete report) leaves the report, its files and the audit log as
they were."""

from collections.abc import Iterable
from typing import Any

from lidhja.accounts.models import User
from lidhja.core import files
from lidhja.monitoring.domain.evidence import add_evidence
from lidhja.monitoring.domain.services import save_report, transition
from lidhja.monitoring.models import Obligation, ProgressReport


@files.atomic()
def save_draft(
    obligation: Obligation,
    values: dict[str, Any],
    *,
    version: int | None,
    by: User,
    evidence: Iterable[tuple[str, bytes]] = (),
    submit: bool = False,
) -> ProgressReport:
    """Save the draft, attach `evidence` (name, content) to it, then submit it if asked."""
    report = save_report(obligation, values, version=version, by=by)
    for name, content in evidence:
        add_evidence(report, name, content, by=by)
    if submit:
        report = transition(report, "submit", version=report.version, by=by)
    return report
