"""The statistics of calls: a page, CSV and XLSX of one document
(helpline.domain.statistics.document), for every role the policy gives "helpline.statistics"."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lidhja.accounts.domain.permissions import can
from lidhja.helpline.domain import statistics
from lidhja.helpline.interfaces import exporters
from lidhja.helpline.interfaces.forms import chosen

FORMATS = {
    "csv": ("text/csv; charset=utf-8", exporters.to_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        exporters.to_xlsx,
    ),
}


@require_GET
def statistics_page(request):
    if not can(request.user, "helpline.statistics"):
        raise PermissionDenied
    year, by, errors = chosen(request.GET)
    if errors:
        text = "\n".join(f"{name}: {' '.join(found)}" for name, found in errors.items())
        return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
    document = statistics.document(year, by)
    kind = request.GET.get("format", "")
    if kind in FORMATS:
        content_type, write = FORMATS[kind]
        response = HttpResponse(write(document), content_type=content_type)
        name = f"helpline-calls-{year}-{by}.{kind}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context = {"document": document, "years": statistics.years(), "by": by}
    return render(request, "helpline/statistics.html", context)
