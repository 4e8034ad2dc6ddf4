"""The files of the exchange: the comparison (CSV, JSON), Lidhja's figures in UNODC's GLOTIP
layout (XLSX, CSV) and the k-anonymous CTDC records (CSV).

Every value goes through `core.cells.safe_cell`. The GLOTIP workbook has UNODC's shape: two
title rows, the header on row 3, so `stats import-unodc` reads it back as it reads UNODC's.
"""

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

import pycountry
from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook

from lidhja.core.cells import safe_cell
from lidhja.exchange.domain import ctdc, figures, glotip, regions
from lidhja.exchange.domain.comparison import Row
from lidhja.exchange.domain.kanon import Result
from lidhja.exchange.domain.reference import CITATION, COLUMNS, UNODC_SERIES
from lidhja.exchange.models import ReferenceValue

COMPARISON_COLUMNS = ("year", "indicator", "sex", "age", "lidhja", "unodc", "unodc_source")


def _code(value: str) -> str:
    return value or "total"


def comparison_records(rows: Iterable[Row]) -> list[dict[str, Any]]:
    return [
        {
            "year": row.year,
            "indicator": row.indicator,
            "sex": _code(row.sex),
            "age": _code(row.age),
            "lidhja": row.lidhja_text,
            "unodc": row.unodc,
            "unodc_source": CITATION if row.unodc else "",
        }
        for row in rows
    ]


def comparison_csv(rows: Iterable[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COMPARISON_COLUMNS)
    for record in comparison_records(rows):
        writer.writerow([safe_cell(record[c]) for c in COMPARISON_COLUMNS])
    return out.getvalue().encode("utf-8")


def comparison_json(rows: Iterable[Row]) -> bytes:
    document = {"unodc_source": CITATION, "rows": comparison_records(rows)}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- Lidhja's figures in UNODC's layout -----------------------------------------------------


def glotip_rows(year: int) -> list[list[Any]]:
    """Lidhja's figures of `year` as its release publishes them, one row per line of
    `glotip.TABLE` that is shown. A hidden cell is left out, as UNODC leaves out what it does
    not publish: not written "<5", since the statistics page does not tell a small count from
    a complement hidden to protect one (exchange.domain.figures)."""
    own = figures.published(year)
    place = _place(settings.LIDHJA_COUNTRY)
    rows = []
    for line in glotip.TABLE:
        figure = own.get(line.key)
        if figure is None or figure.hidden:
            continue
        indicator, dimension, category, sex, age = line.unodc
        rows.append(
            [
                settings.LIDHJA_COUNTRY,
                *place,
                indicator,
                dimension,
                category,
                sex,
                age,
                year,
                glotip.UNIT,
                figure.text,
                glotip.SOURCE,
            ]
        )
    return rows


def _place(iso3: str) -> tuple[str, str, str]:
    """Country, Region, Subregion as UNODC names them (from its data when imported), else
    the ISO 3166 name and the M49 region and sub-region."""
    known = (
        ReferenceValue.objects.filter(
            batch__series=UNODC_SERIES, batch__replaced_at__isnull=True, iso3=iso3
        )
        .values_list("country", "region", "subregion")
        .first()
    )
    if known is not None:
        return known
    country = pycountry.countries.get(alpha_3=iso3)
    alpha2 = country.alpha_2 if country is not None else ""
    name = country.name if country is not None else iso3
    return name, regions.region(alpha2), regions.subregion(alpha2)


def glotip_xlsx(rows: Sequence[Sequence[Any]], year: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("data_glotip")
    sheet.append([f"Lidhja: figures of {year} in the layout of the UNODC GLOTIP data file"])
    sheet.append(
        [
            f"Written {timezone.localdate().isoformat()} from the statistics of {year} as "
            "published; a count not published (below "
            f"{settings.LIDHJA_PUBLICATION_THRESHOLD}, or hidden so that such a count cannot "
            "be worked out) is left out."
        ]
    )
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def glotip_csv(rows: Sequence[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue().encode("utf-8")


# --- CTDC -----------------------------------------------------------------------------------


def ctdc_csv(result: Result) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ctdc.COLUMNS)
    for row in result.rows:
        writer.writerow([safe_cell(value) for value in ctdc.full_row(row)])
    return out.getvalue().encode("utf-8")
