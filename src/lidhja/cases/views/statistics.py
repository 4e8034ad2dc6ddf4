"""Case statistics for everyone who follows the mechanism without case access: aggregates
only, as a page or a CSV download, with the cells cases.domain.statistics hides shown as a
dash (LIDHJA_PUBLICATION_THRESHOLD)."""

import csv
import io

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lidhja.accounts.domain.permissions import can
from lidhja.cases.domain import statistics
from lidhja.cases.models.choices import CaseStatus, ExploitationForm, IdentificationSource

HIDDEN_MARK = "–"


def _titles_and_labels() -> dict[str, tuple[str, dict]]:
    return {
        "status": (_("Cases by year of first contact and status"), dict(CaseStatus.choices)),
        "source": (
            _("Cases by year and identification source"),
            dict(IdentificationSource.choices),
        ),
        "age": (_("Cases by year and age at exploitation"), {False: _("Adult"), True: _("Minor")}),
        "exploitation": (
            _("Cases by year and form of exploitation"),
            dict(ExploitationForm.choices),
        ),
    }


def _grid(table: statistics.Table, labels: dict) -> dict:
    columns = [labels[value] for value in table.columns]
    rows = [list(cells) for _year, cells in table.rows]
    footer = None
    if table.year_totals is not None and table.column_totals is not None:
        columns.append(_("Total"))
        for cells, total in zip(rows, table.year_totals, strict=True):
            cells.append(total)
        footer = [*table.column_totals, table.total]
    years = [year for year, _cells in table.rows]
    return {"columns": columns, "rows": list(zip(years, rows, strict=True)), "footer": footer}


@require_GET
def statistics_page(request):
    if not can(request.user, "statistics.view"):
        raise PermissionDenied
    wanted = request.GET.get("format", "html")
    if wanted not in ("html", "csv"):
        return HttpResponseBadRequest(_("format: give html or csv."))
    names = _titles_and_labels()
    tables = [(names[t.name][0], _grid(t, names[t.name][1])) for t in statistics.tables()]
    if wanted == "csv":
        return _csv(tables)
    return render(
        request,
        "cases/statistics.html",
        {
            "tables": tables,
            "threshold": settings.LIDHJA_PUBLICATION_THRESHOLD,
            "hidden_mark": HIDDEN_MARK,
        },
    )


def _csv(tables: list[tuple[str, dict]]) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Table"), _("Year"), _("Category"), _("Cases")])
    for title, grid in tables:
        rows = list(grid["rows"])
        if grid["footer"] is not None:
            rows.append((_("Total"), grid["footer"]))
        for year, cells in rows:
            for column, cell in zip(grid["columns"], cells, strict=True):
                writer.writerow([title, year, column, HIDDEN_MARK if cell.hidden else cell.count])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="case-statistics.csv"'
    return response
