"""Evidence attached to progress reports: checked for kind and size, stored privately."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.accounts.domain.permissions import can
from lidhja.audit.domain import services as audit
from lidhja.core.files import checked_upload
from lidhja.monitoring.domain.services import EDITABLE_STATUSES
from lidhja.monitoring.models import Evidence, ProgressReport


@transaction.atomic
def add_evidence(report: ProgressReport, name: str, content: bytes, *, by) -> Evidence:
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
    evidence.file.save(safe_name, ContentFile(content), save=False)
    evidence.save()
    audit.record(
        "monitoring.evidence_added",
        actor=by,
        obj=evidence,
        changes={"report": report.pk, "sha256": evidence.sha256, "size": evidence.size},
    )
    return evidence
