"""The statistics of a period as downloads: CSV, XLSX and PDF (the joint three-monthly
statistical report, Prosecution 1.(e).1 and Protection 1.(b).6.2), in the language asked for.
Each renders the one StatisticsDocument (publication.domain.queries), so each shows the same
cells, hidden alike, and cites the same definition versions."""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lidhja.core.cells import safe_cell
from lidhja.core.sheets import format_cells
from lidhja.monitoring.interfaces.documents import XLSX, render_pdf
from lidhja.publication.domain.periods import Period
from lidhja.publication.domain.queries import (
    Amount,
    Figure,
    PublishedTable,
    Row,
    StatisticsDocument,
    statistics_document,
)

HIDDEN_MARK = "–"
FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX, "pdf": "application/pdf"}


def shown(figure: Figure, published: bool = True) -> str:
    """A figure as text in the active language: grouped digits, a dash when hidden, nothing
    for a period not published."""
    if not published:
        return ""
    return HIDDEN_MARK if figure is None else number_format(figure, force_grouping=True)


def shown_amount(amount: Amount, published: bool = True) -> str:
    """An amount in lek as text: nothing for a period not published, a dash beside a hidden
    count, and a dash too beside a shown count whose amount is not shown."""
    if not published:
        return ""
    if amount is None:
        return HIDDEN_MARK
    return number_format(amount, decimal_pos=2, force_grouping=True)


def _amounts(row: Row) -> tuple[Amount, ...]:
    return row.amounts or (None,) * len(row.figures)


def _label(table: PublishedTable, row: Row) -> str:
    return _("Total: %(label)s") % {"label": row.label} if row is table.total else row.label


def csv_document(document: StatisticsDocument) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Table"),
            _("Definition"),
            _("Version"),
            _("Category"),
            _("Period"),
            _("Count"),
            _("Amount (ALL)"),
        ]
    )
    for table in document.tables:
        for row in [*table.rows, *([table.total] if table.total else [])]:
            cells = zip(
                document.columns, row.figures, _amounts(row), document.published, strict=True
            )
            for column, figure, amount, published in cells:
                if not published:
                    continue
                count = HIDDEN_MARK if figure is None else figure
                money = "" if not table.has_amounts else HIDDEN_MARK if amount is None else amount
                writer.writerow(
                    [table.title, table.code, table.version, _label(table, row), column, count,
                     money]
                )  # fmt: skip
    return out.getvalue().encode()


def xlsx_document(document: StatisticsDocument) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = _("Summary")[:31]
    summary.append([_("Statistics %(period)s") % {"period": document.period}])
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([_("Published"), _published_on(document)])
    summary.append([_("Counts below"), document.threshold])
    summary.append([_("A dash (–) marks a count that is not shown.")])
    summary.append([])
    summary.append(
        [
            _("Definition"),
            _("Version"),
            _("Title"),
            _("Counting unit"),
            _("Reference date"),
            _("Inclusion rule"),
        ]
    )
    for table in document.tables:
        summary.append(
            [
                safe_cell(value)
                for value in (
                    table.code,
                    table.version,
                    table.title,
                    table.unit,
                    table.reference_date,
                    table.inclusion,
                )
            ]
        )
    for table in document.tables:
        sheet = book.create_sheet(re.sub(r"[\[\]:*?/\\]", "", table.title)[:31].strip())
        sheet.append([safe_cell(f"{table.title} ({table.code} v{table.version})")])
        columns = [c for c, p in zip(document.columns, document.published, strict=True) if p]
        if table.has_amounts:
            columns += [_("%(period)s, amount (ALL)") % {"period": c} for c in columns]
        sheet.append(["", *columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in [*table.rows, *([table.total] if table.total else [])]:
            shown_columns = document.published
            figures: list[object] = [
                HIDDEN_MARK if f is None else f
                for f, p in zip(row.figures, shown_columns, strict=True)
                if p
            ]
            if table.has_amounts:
                figures += [
                    HIDDEN_MARK if a is None else a
                    for a, p in zip(_amounts(row), shown_columns, strict=True)
                    if p
                ]
            sheet.append([safe_cell(_label(table, row)), *figures])
    format_cells(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _published_on(document: StatisticsDocument) -> str | date:
    """The day of publication, a real date in the sheet (`format_cells` shows it)."""
    if document.published_at is None:
        return _("Draft, not published")
    return timezone.localtime(document.published_at).date()


def report_context(document: StatisticsDocument) -> dict:
    return {
        "document": document,
        "grids": grids(document),
        "generated": timezone.now(),
        "hidden_mark": HIDDEN_MARK,
    }


def pdf_document(document: StatisticsDocument) -> bytes:
    return render_pdf("publication/documents/report.html", report_context(document))


def grids(document: StatisticsDocument) -> list[dict]:
    """Each table with its figures as text in the active language, for the page and the PDF."""
    published = document.published

    def texts(table: PublishedTable, row: Row) -> list[str]:
        if not table.has_amounts:
            return [shown(f, p) for f, p in zip(row.figures, published, strict=True)]
        cells = zip(row.figures, _amounts(row), published, strict=True)
        return [f"{shown(f, p)} ({shown_amount(a, p)} ALL)" if p else "" for f, a, p in cells]

    return [
        {
            "table": table,
            "rows": [(row.label, texts(table, row)) for row in table.rows],
            "total": (table.total.label, texts(table, table.total)) if table.total else None,
        }
        for table in document.tables
    ]


@dataclass(frozen=True)
class Download:
    content: bytes
    filename: str
    content_type: str


def build_download(document: StatisticsDocument, fmt: str, lang: str) -> Download:
    """`fmt` csv, xlsx or pdf, in language `lang` (the document's labels must be in it too:
    use `document_in`)."""
    with translation.override(lang):
        builder = {"csv": csv_document, "xlsx": xlsx_document, "pdf": pdf_document}[fmt]
        content = builder(document)
    name = f"statistics-{document.period}-{lang}.{fmt}"
    return Download(content, name, FORMATS[fmt])


def document_in(period: Period, lang: str, *, as_draft: bool = False) -> StatisticsDocument | None:
    with translation.override(lang):
        return statistics_document(period, as_draft=as_draft)
