"""Evidence attached to progress reports: checked for kind and size, stored privately."""

import hashlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.accounts.domain.permissions import can
from lidhja.audit.domain import services as audit
from lidhja.monitoring.domain.services import EDITABLE_STATUSES
from lidhja.monitoring.models import Evidence, ProgressReport

ZIP = b"PK\x03\x04"
# Allowed kinds: file ending -> (content type, how the file must begin).
KINDS = {
    ".pdf": ("application/pdf", b"%PDF"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
}


def _kind(name: str, content: bytes) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix not in KINDS:
        raise ValidationError({"file": _("Allowed kinds: PDF, PNG, JPEG, DOCX, XLSX.")})
    content_type, magic = KINDS[suffix]
    if not content.startswith(magic):
        raise ValidationError({"file": _("The file's content does not match its kind.")})
    return content_type


@transaction.atomic
def add_evidence(report: ProgressReport, name: str, content: bytes, *, by) -> Evidence:
    if not can(by, "monitoring.report", report.obligation.organisation):
        raise PermissionDenied(_("You may not add evidence to this report."))
    if report.status not in EDITABLE_STATUSES:
        raise ValidationError(
            {"file": _("A submitted or accepted report can no longer be edited.")}
        )
    if len(content) > settings.LIDHJA_EVIDENCE_MAX_BYTES:
        raise ValidationError({"file": _("The file is too large.")})
    content_type = _kind(name, content)
    safe_name = PurePath(name).name[:200]
    evidence = Evidence(
        report=report,
        original_name=safe_name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
    )
    evidence.file.save(safe_name, ContentFile(content), save=False)
    evidence.save()
    audit.record(
        "monitoring.evidence_added",
        actor=by,
        obj=evidence,
        changes={"report": report.pk, "sha256": evidence.sha256, "size": evidence.size},
    )
    return evidence
