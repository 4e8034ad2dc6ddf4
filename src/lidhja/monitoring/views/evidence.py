"""Evidence files of a report: uploaded by the reporting focal point, sent only to users who
may see the report (through the same chokepoint as the report itself)."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lidhja.accounts.domain.errors import PermissionDenied as DomainPermissionDenied
from lidhja.accounts.domain.permissions import can
from lidhja.audit.domain import services as audit
from lidhja.monitoring.domain.evidence import add_evidence, evidence_content
from lidhja.monitoring.interfaces.forms import EvidenceForm, ReportForm
from lidhja.monitoring.models import Evidence, ProgressReport
from lidhja.monitoring.views.pages import get_obligation_for_user_or_404, report_context


@require_POST
def upload(request, pk: int):
    """Attach a file to a saved draft without changing its answers. A refused file is shown at
    the file field of the report page (400), and nothing changes."""
    obligation = get_obligation_for_user_or_404(request.user, pk)
    if not can(request.user, "monitoring.report", obligation.organisation):
        raise PermissionDenied  # a reader of the report who may not add to it
    report = get_object_or_404(ProgressReport, obligation=obligation)
    form = EvidenceForm(files=request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors["file"]))
        name, content = form.cleaned_data["file"]
        add_evidence(report, name, content, by=request.user)
    except DomainPermissionDenied as exc:
        raise PermissionDenied from exc
    except ValidationError as exc:
        refused = ReportForm.refused(report, {"evidence": exc.messages})
        context = report_context(request, obligation, report_form=refused)
        return render(request, "monitoring/report.html", context, status=400)
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
