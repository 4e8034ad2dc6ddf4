"""Bulk reporting for a focal point: download the pre-filled template, upload it back, and
submit a period's ready drafts together after reviewing the list."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from lidhja.accounts.domain.errors import PermissionDenied as DomainPermissionDenied
from lidhja.accounts.domain.errors import StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.core.uploads import BoundedFileField, UploadRefused, read_upload
from lidhja.monitoring.domain import batch
from lidhja.monitoring.domain.services import WrongState
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
    name = _("reports-%(organisation)s-%(period)s.xlsx") % {
        "organisation": org.code,
        "period": period_obj.code,
    }
    response["Content-Disposition"] = f'attachment; filename="{name}"'
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
                    request,
                    _("Reports saved as drafts: %(saved)d; unchanged: %(unchanged)d.")
                    % {"saved": saved.saved, "unchanged": saved.unchanged},
                )
                return redirect("monitoring:obligations", period=period_obj.code)
    return render(
        request,
        "monitoring/bulk.html",
        {"period": period_obj, "form": form, "problems": problems},
        status=status,
    )


def _reviewed(values: list[str]) -> dict[int, int] | None:
    """{report: version} from the list's hidden fields ("pk:version"), or None if unreadable."""
    reviewed = {}
    for value in values:
        pk, _sep, version = value.partition(":")
        if not (pk.isdigit() and version.isdigit()) or int(pk) in reviewed:
            return None
        reviewed[int(pk)] = int(version)
    return reviewed


@require_http_methods(["GET", "POST"])
def submit_ready(request, period: str):
    """The list of a period's drafts that are ready to submit and of those that are not (with
    why); its button submits all the ready ones together."""
    period_obj = _period_for_reporter(request, period)
    org = request.user.organisation
    error, status = "", 200
    if request.method == "POST":
        reviewed = _reviewed(request.POST.getlist("report"))
        if reviewed is None:
            error, status = _("The list of reports was not readable. Check it again."), 400
        else:
            try:
                done = batch.submit_ready(period_obj, org, reviewed, by=request.user)
            except DomainPermissionDenied as exc:
                raise PermissionDenied from exc
            except (StaleObject, WrongState) as exc:
                error, status = str(exc), 409
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d report submitted to ONAC.",
                        "%(count)d reports submitted to ONAC.",
                        len(done),
                    )
                    % {"count": len(done)},
                )
                return redirect("monitoring:obligations", period=period_obj.code)
    found = batch.candidates(period_obj, org)
    context = {
        "period": period_obj,
        "ready": [c for c in found if c.ready],
        "not_ready": [c for c in found if not c.ready],
        "error": error,
    }
    return render(request, "monitoring/submit_ready.html", context, status=status)
