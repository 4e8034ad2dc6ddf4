"""Evidence files of a report: uploaded by the reporting focal point, sent only to users who
may see the report (through the same chokepoint as the report itself)."""

import io

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from lidhja.accounts.domain.errors import PermissionDenied as DomainPermissionDenied
from lidhja.accounts.domain.permissions import can
from lidhja.audit.domain import services as audit
from lidhja.core.uploads import BoundedFileField, UploadRefused, read_upload
from lidhja.monitoring.domain.evidence import add_evidence, evidence_content
from lidhja.monitoring.models import Evidence, ProgressReport
from lidhja.monitoring.views.pages import get_obligation_for_user_or_404


class EvidenceForm(forms.Form):
    file = BoundedFileField(
        label=gettext_lazy("Evidence file (PDF, PNG, JPEG, DOCX, XLSX)"),
        max_bytes=lambda: settings.LIDHJA_EVIDENCE_MAX_BYTES,
    )


@require_POST
def upload(request, pk: int):
    obligation = get_obligation_for_user_or_404(request.user, pk)
    if not can(request.user, "monitoring.report", obligation.organisation):
        raise PermissionDenied  # a reader of the report who may not add to it
    report = get_object_or_404(ProgressReport, obligation=obligation)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        too_large = [
            e.message for e in form.errors.as_data().get("file", []) if e.code == "too_large"
        ]
        messages.error(request, too_large[0] if too_large else _("Choose a file to upload."))
        return redirect("monitoring:report", pk=pk)
    upload = form.cleaned_data["file"]
    try:
        content = read_upload(upload, settings.LIDHJA_EVIDENCE_MAX_BYTES)
        add_evidence(report, upload.name, content, by=request.user)
    except DomainPermissionDenied as exc:
        raise PermissionDenied from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("monitoring:report", pk=pk)
    except UploadRefused as exc:
        messages.error(request, str(exc))
        return redirect("monitoring:report", pk=pk)
    messages.success(request, _("Evidence added."))
    return redirect("monitoring:report", pk=pk)


@require_GET
def download(request, evidence_pk: int):
    evidence = get_object_or_404(Evidence.objects.select_related("report"), pk=evidence_pk)
    get_obligation_for_user_or_404(request.user, evidence.report.obligation_id)
    with transaction.atomic():
        audit.record("monitoring.evidence_downloaded", actor=request.user, obj=evidence)
    return FileResponse(
        io.BytesIO(evidence_content(evidence)),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
