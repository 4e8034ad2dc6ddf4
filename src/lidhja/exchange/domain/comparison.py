"""Lidhja's own figures beside UNODC's published ones, for a country and a range of years:
one definition that `lidhja stats compare` and the comparison page both render.

For each year and each line of `glotip.TABLE` (indicator, sex, age group): Lidhja's figure as
the year's release publishes it (exchange.domain.figures; empty when Lidhja has none: another
country, an indicator without a source, a year not published) and UNODC's value as UNODC
published it ("<5" stays "<5").
"""

from dataclasses import dataclass

from django.conf import settings

from lidhja.exchange.domain import figures, glotip
from lidhja.exchange.domain.figures import Figure, Key
from lidhja.exchange.domain.reference import UNODC_SERIES
from lidhja.exchange.models import ReferenceValue

MAX_YEARS = 50  # a wider range is refused: the page and the command stay small


@dataclass(frozen=True)
class Row:
    year: int
    key: Key  # (indicator, sex, age), as in exchange.domain.figures
    lidhja: Figure | None
    unodc: str  # UNODC's published text ("; " between values of a repeated key), or ""
    published: bool = False  # Lidhja has published this year (its own country only)

    @property
    def indicator(self) -> str:
        return self.key[0]

    @property
    def sex(self) -> str:
        return self.key[1]

    @property
    def age(self) -> str:
        return self.key[2]

    @property
    def lidhja_text(self) -> str:
        return self.lidhja.text if self.lidhja is not None else ""


def compare(country: str, first: int, last: int) -> list[Row]:
    """The comparison rows, by year, then in the order of `glotip.TABLE`."""
    country = country.upper()
    published = unodc_values(country, first, last)
    rows = []
    own_country = country == settings.LIDHJA_COUNTRY
    for year in range(first, last + 1):
        own = own_figures(country, year)
        shown = own_country and figures.is_published(year)
        for line in glotip.TABLE:
            unodc = published.get((year, line.key), "")
            rows.append(Row(year, line.key, own.get(line.key), unodc, shown))
    return rows


def unpublished_years(rows: list[Row]) -> list[int]:
    """The years of the rows Lidhja has not published (of its own country)."""
    return sorted({row.year for row in rows if not row.published})


def own_figures(country: str, year: int) -> dict[Key, Figure]:
    """Lidhja's published figures for `year`: none for a country other than its own."""
    if country.upper() != settings.LIDHJA_COUNTRY:
        return {}
    return figures.published(year)


def unodc_values(country: str, first: int, last: int) -> dict[tuple[int, Key], str]:
    """UNODC's published text for each year and table line, from the current import. Where
    UNODC's file repeats a key, every value is shown, in the file's order, joined by "; "."""
    lines = {line.unodc: line.key for line in glotip.TABLE}
    rows = (
        ReferenceValue.objects.filter(
            batch__series=UNODC_SERIES,
            batch__replaced_at__isnull=True,
            iso3=country.upper(),
            year__range=(first, last),
            unit=glotip.UNIT,
        )
        .order_by("row")
        .values_list("year", "indicator", "dimension", "category", "sex", "age", "text")
    )
    found: dict[tuple[int, Key], list[str]] = {}
    for year, indicator, dimension, category, sex, age, text in rows:
        key = lines.get((indicator, dimension, category, sex, age))
        if key is not None:
            found.setdefault((year, key), []).append(text)
    return {cell: "; ".join(texts) for cell, texts in found.items()}


def countries() -> list[tuple[str, str]]:
    """(code, name) of every country the current UNODC import holds, by name."""
    rows = (
        ReferenceValue.objects.filter(batch__series=UNODC_SERIES, batch__replaced_at__isnull=True)
        .exclude(iso3="")
        .values_list("iso3", "country")
        .distinct()
        .order_by("country")
    )
    return [(str(code), str(name)) for code, name in rows]
