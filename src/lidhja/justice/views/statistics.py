"""Justice statistics for everyone who follows the plan without access to proceedings:
aggregates only, as a page or a CSV download, every hidden cell shown as a dash."""

import csv
import io
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lidhja.accounts.domain.permissions import can
from lidhja.justice.domain import statistics
from lidhja.justice.models.choices import AssetKind, OfficialService

HIDDEN_MARK = "–"
SPECIAL_FUND_TARGET = Decimal(50)  # per cent of confiscation proceeds (seed, 1.(h).2.1)


def _labels() -> dict[str, tuple[str, dict[str, Any]]]:
    persons = {
        "arrested": _("Arrested"),
        "prosecuted": _("Prosecuted (indicted)"),
        "convicted": _("Convicted (final)"),
        "acquitted": _("Acquitted (final)"),
        "appealed": _("Appealed"),
    }
    bands = {
        "suspended": _("Suspended"),
        "fine_only": _("Fine only"),
        "under_1y": _("Prison under 1 year"),
        "1_5y": _("Prison 1 to under 5 years"),
        "5_10y": _("Prison 5 to under 10 years"),
        "10y_plus": _("Prison 10 years or more"),
        "other": _("Other or not recorded"),
    }
    services = dict(OfficialService.choices)
    return {
        "persons": (_("Persons by year and stage reached"), persons),
        "sentences": (_("Final convictions by year and sentence"), bands),
        "officials_prosecuted": (_("Complicit officials prosecuted, by service"), services),
        "officials_convicted": (_("Complicit officials convicted, by service"), services),
        "assets": (_("Assets and compensation: measures recorded"), dict(AssetKind.choices)),
    }


def _grid(table: statistics.Table, labels: dict[str, Any]) -> dict:
    return {
        "columns": [labels[c] for c in table.columns],
        "rows": [(year, list(cells)) for year, cells in table.rows],
        "footer": list(table.totals),
        "amounts": table.name == "assets",
    }


def _fund_shares(table: statistics.Table) -> list[tuple[object, Decimal | None]]:
    """The share of confiscation proceeds allocated to the Special Fund, per year and over all
    years, where both amounts are shown."""
    confiscated = table.columns.index(AssetKind.CONFISCATED.value)
    fund = table.columns.index(AssetKind.SPECIAL_FUND.value)
    rows = [*table.rows, (_("Total"), table.totals)]
    shares = []
    for year, cells in rows:
        whole, part = cells[confiscated], cells[fund]
        share = None
        if not whole.hidden and not part.hidden and whole.amount:
            share = (Decimal(100) * (part.amount or 0) / whole.amount).quantize(Decimal("0.1"))
        shares.append((year, share))
    return shares


@require_GET
def statistics_page(request):
    if not can(request.user, "statistics.view"):
        raise PermissionDenied
    wanted = request.GET.get("format", "html")
    if wanted not in ("html", "csv"):
        return HttpResponseBadRequest(_("format: give html or csv."))
    by = request.GET.get("by", "year")
    if by not in ("year", "quarter"):
        return HttpResponseBadRequest(_("by: give year or quarter."))
    labels = _labels()
    found = statistics.tables(by)
    tables = [(labels[t.name][0], _grid(t, labels[t.name][1])) for t in found]
    if wanted == "csv":
        return _csv(tables)
    assets = next(t for t in found if t.name == "assets")
    return render(
        request,
        "justice/statistics.html",
        {
            "tables": tables,
            "by": by,
            "shares": _fund_shares(assets),
            "target": SPECIAL_FUND_TARGET,
            "threshold": settings.LIDHJA_PUBLICATION_THRESHOLD,
            "hidden_mark": HIDDEN_MARK,
        },
    )


def _csv(tables: list[tuple[str, dict]]) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Table"), _("Year"), _("Category"), _("Count"), _("Amount (ALL)")])
    for title, grid in tables:
        for year, cells in [*grid["rows"], (_("Total"), grid["footer"])]:
            for column, cell in zip(grid["columns"], cells, strict=True):
                count = HIDDEN_MARK if cell.hidden else cell.count
                amount = "" if not grid["amounts"] else HIDDEN_MARK if cell.hidden else cell.amount
                writer.writerow([title, year, column, count, amount])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="justice-statistics.csv"'
    return response
