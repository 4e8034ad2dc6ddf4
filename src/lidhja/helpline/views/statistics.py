"""The statistics of calls: a page, CSV and XLSX of one document
(helpline.domain.statistics.document), for every role the policy gives "helpline.statistics"."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lidhja.accounts.domain.permissions import can
from lidhja.helpline.domain import statistics
from lidhja.helpline.interfaces import exporters
from lidhja.helpline.interfaces.forms import StatisticsForm, chosen

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
        form = StatisticsForm(request.GET)
        form.is_valid()
        shown = timezone.localdate().year
        context = {"form": form, "years": _years(shown), "shown": shown, "by": "quarter"}
        return render(request, "helpline/statistics.html", context, status=400)
    document = statistics.document(year, by)
    kind = request.GET.get("format", "")
    if kind in FORMATS:
        content_type, write = FORMATS[kind]
        response = HttpResponse(write(document), content_type=content_type)
        name = f"helpline-calls-{year}-{by}.{kind}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context = {"document": document, "years": _years(year), "shown": year, "by": by}
    return render(request, "helpline/statistics.html", context)


def _years(shown: int) -> list[int]:
    """The picker's years: those with calls, this year, and the one shown, newest first."""
    return sorted({*statistics.years(), timezone.localdate().year, shown}, reverse=True)
