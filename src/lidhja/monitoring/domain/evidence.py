"""Evidence attached to progress reports: checked for kind and size, sealed at rest in the
private files folder."""

import hashlib
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.accounts.domain.permissions import can
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.core import files, sealed
from lidhja.core.files import checked_upload
from lidhja.monitoring.domain.services import EDITABLE_STATUSES
from lidhja.monitoring.models import Evidence, ProgressReport


def _context(relative: str) -> str:
    return f"evidence:{relative}"


@files.atomic()
def add_evidence(report: ProgressReport, name: str, content: bytes, *, by: User) -> Evidence:
    """Store an evidence file sealed, under a random name; removed again if this rolls back."""
    if not can(by, "monitoring.report", report.obligation.organisation):
        raise PermissionDenied(_("You may not add evidence to this report."))
    if report.status not in EDITABLE_STATUSES:
        raise ValidationError(
            {"file": _("A submitted or accepted report can no longer be edited.")}
        )
    safe_name, content_type = checked_upload(name, content, settings.LIDHJA_EVIDENCE_MAX_BYTES)
    evidence = Evidence(
        report=report,
        original_name=safe_name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
    )
    evidence.file.name = f"evidence/{uuid.uuid4().hex}.sealed"
    sealed.write(evidence.file.name, content, _context(evidence.file.name))
    evidence.save()
    audit.record(
        "monitoring.evidence_added",
        actor=by,
        obj=evidence,
        changes={"report": report.pk, "sha256": evidence.sha256, "size": evidence.size},
    )
    return evidence


def evidence_content(evidence: Evidence) -> bytes:
    """The evidence file's content, opened (the caller has checked the reader's right)."""
    return sealed.read(evidence.file.name, _context(evidence.file.name))


def sealed_evidence_files() -> Iterator[tuple[str, str]]:
    """(file name, context) of every evidence file, for re-sealing (core.sealed)."""
    for relative in Evidence.objects.values_list("file", flat=True).iterator():
        yield relative, _context(relative)
