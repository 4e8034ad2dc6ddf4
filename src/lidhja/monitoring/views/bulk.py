"""Bulk reporting for a focal point: download the pre-filled template, upload it back."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lidhja.accounts.domain.permissions import can
from lidhja.core.uploads import BoundedFileField, UploadRefused, read_upload
from lidhja.monitoring.interfaces.bulk import BulkUploadError, template, upload
from lidhja.monitoring.interfaces.documents import XLSX
from lidhja.monitoring.models import ReportingPeriod


class UploadForm(forms.Form):
    file = BoundedFileField(label=gettext_lazy("Filled-in template (XLSX)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload the XLSX template."))
        return upload


def _period_for_reporter(request, period: str) -> ReportingPeriod:
    if not can(request.user, "monitoring.report"):
        raise PermissionDenied
    return get_object_or_404(ReportingPeriod, code=period.upper())


@require_GET
def bulk_template(request, period: str):
    period_obj = _period_for_reporter(request, period)
    org = request.user.organisation
    response = HttpResponse(template(period_obj, org), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="reports-{org.code}-{period_obj.code}.xlsx"'
    )
    return response


@require_http_methods(["GET", "POST"])
def bulk_upload(request, period: str):
    period_obj = _period_for_reporter(request, period)
    form = UploadForm(request.POST or None, request.FILES or None)
    problems, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                saved = upload(
                    read_upload(form.cleaned_data["file"]),
                    period_obj,
                    request.user.organisation,
                    by=request.user,
                )
            except BulkUploadError as exc:
                problems = exc.problems
            except UploadRefused as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(
                    request, _("%(count)d reports saved as drafts.") % {"count": saved}
                )
                return redirect("monitoring:obligations", period=period_obj.code)
    return render(
        request,
        "monitoring/bulk.html",
        {"period": period_obj, "form": form, "problems": problems},
        status=status,
    )
