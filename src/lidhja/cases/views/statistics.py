"""Case statistics for everyone who follows the mechanism without case access: aggregates
only, with small counts hidden (LIDHJA_PUBLICATION_THRESHOLD)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from lidhja.accounts.domain.permissions import can
from lidhja.cases.domain import statistics
from lidhja.cases.models.choices import CaseStatus, ExploitationForm, IdentificationSource

HIDDEN = statistics.Cell(None)


def _grid(cells, columns):
    years = sorted({year for year, _column in cells})
    return {
        "columns": [label for _value, label in columns],
        # A cell with no case is below the threshold like any other small count.
        "rows": [
            (year, [cells.get((year, value), HIDDEN) for value, _label in columns])
            for year in years
        ],
    }


@require_GET
def statistics_page(request):
    if not can(request.user, "statistics.view"):
        raise PermissionDenied
    tables = [
        (
            _("Cases by year of first contact and status"),
            _grid(statistics.by_year_and_status(), CaseStatus.choices),
        ),
        (
            _("Cases by year and form of exploitation"),
            _grid(statistics.by_year_and_exploitation(), ExploitationForm.choices),
        ),
        (
            _("Cases by year and identification source"),
            _grid(statistics.by_year_and_source(), IdentificationSource.choices),
        ),
        (
            _("Cases by year and age at exploitation"),
            _grid(statistics.by_year_and_age(), [(False, _("Adult")), (True, _("Minor"))]),
        ),
    ]
    return render(
        request,
        "cases/statistics.html",
        {"tables": tables, "threshold": settings.LIDHJA_PUBLICATION_THRESHOLD},
    )
