"""The call statistics (helpline.domain.statistics.document) as CSV and XLSX: the same cells
as the page and the API, a hidden cell written as a dash."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from lidhja.core.cells import safe_cell
from lidhja.core.sheets import format_cells
from lidhja.helpline.domain.statistics import Document

HIDDEN = "–"


def _rows(document: Document) -> list[list[object]]:
    rows: list[list[object]] = [[_("Table"), _("Category"), *document.columns]]
    for table in document.tables:
        for row in table.rows:
            counts = [HIDDEN if n is None else n for n in row.counts]
            rows.append([safe_cell(table.label), safe_cell(row.label), *counts])
    return rows


def to_csv(document: Document) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(_rows(document))
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(document: Document) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = str(document.year)
    for row in _rows(document):
        sheet.append(row)
    sheet.append([])
    sheet.append(
        [
            _("Counts below %(n)s are hidden (–), and more where a hidden one could be worked out.")
            % {"n": document.threshold}
        ]
    )
    format_cells(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
