"""The comparison of Lidhja's figures with UNODC's published ones, as a page with a chart and
as a CSV download: the rows of `exchange.domain.comparison.compare`, the same as
`lidhja stats compare` prints."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lidhja.accounts.domain.permissions import can
from lidhja.exchange.domain import comparison, figures, glotip
from lidhja.exchange.domain.reference import CITATION, UNODC_SERIES
from lidhja.exchange.interfaces import chart, exporters
from lidhja.exchange.interfaces.forms import CompareForm
from lidhja.exchange.models import ReferenceValue


def _defaults(country: str) -> dict[str, object]:
    """The last three years UNODC published for Lidhja's country (or up to this year)."""
    years = ReferenceValue.objects.filter(
        batch__series=UNODC_SERIES, batch__replaced_at__isnull=True, iso3=country
    ).values_list("year", flat=True)
    last = max(years, default=timezone.localdate().year)
    return {"country": country, "first": last - 2, "last": last, "format": "html"}


@require_GET
def compare_page(request):
    if not can(request.user, "exchange.compare"):
        raise PermissionDenied
    countries = comparison.countries()
    data = request.GET if "country" in request.GET else _defaults(settings.LIDHJA_COUNTRY)
    form = CompareForm(data, countries=countries)
    if not form.is_valid():
        context = {"form": form, "citation": CITATION}
        return render(request, "exchange/compare.html", context, status=400)
    choice = form.cleaned_data
    rows = comparison.compare(choice["country"], choice["first"], choice["last"])
    if choice.get("format") == "csv":
        response = HttpResponse(
            exporters.comparison_csv(rows), content_type="text/csv; charset=utf-8"
        )
        name = f"lidhja-unodc-{choice['country']}-{choice['first']}-{choice['last']}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context = {
        "form": form,
        "rows": [_labelled(row) for row in rows],
        "charts": chart.charts(rows),
        "indicator_labels": glotip.INDICATOR_LABELS,
        "citation": CITATION,
        "threshold": settings.LIDHJA_PUBLICATION_THRESHOLD,
        "hidden_mark": figures.HIDDEN_MARK,
        "own_country": choice["country"] == settings.LIDHJA_COUNTRY,
        "unpublished": [str(year) for year in comparison.unpublished_years(rows)],
        "choice": choice,
    }
    return render(request, "exchange/compare.html", context)


def _labelled(row: comparison.Row) -> dict[str, object]:
    return {
        "year": row.year,
        "indicator": glotip.INDICATOR_LABELS[row.indicator],
        "sex": glotip.SEX_LABELS[row.sex],
        "age": glotip.AGE_LABELS[row.age],
        "lidhja": _shown(row.lidhja_text),
        "unodc": _shown(row.unodc),
    }


def _shown(text: str) -> object:
    """A whole number as a number (formatted in the user's language), any other text as it is."""
    return int(text) if text.isdigit() else text
