"""An assessment as XLSX: a summary sheet, one sheet per section and the cases table as
shown (suppressed cells stay empty). Every typed value goes through safe_cell (the monitoring
documents' sheet helper)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from lidhja.core.cells import safe_cell
from lidhja.monitoring.interfaces.documents import _save, _sheet, render_pdf
from lidhja.regional.domain.aggregates import COLUMNS
from lidhja.regional.domain.reading import COLUMN_LABELS, shown_sections, table_of, table_rows
from lidhja.regional.models import Assessment


def assessment_workbook(assessment: Assessment) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    for label, value in (
        (_("Committee"), assessment.organisation.display_name),
        (_("Half-year"), assessment.half_code),
        (_("Status"), str(assessment.get_status_display())),
    ):
        sheet.append([label, safe_cell(value)])
    for shown in shown_sections(assessment):
        rows: list[list[object]] = []
        if shown.text:
            rows.append([shown.text])
        rows.extend([str(label), str(direction)] for label, direction in shown.trends)
        rows.extend([str(cell) for cell in row] for row in shown.rows)
        header = [str(h) for h in shown.header] or [str(shown.section.label)]
        _sheet(book, str(shown.section.label), header, rows)
    table, _frozen = table_of(assessment)
    header = [_("Managing unit"), *(str(COLUMN_LABELS[c]) for c in COLUMNS)]
    _sheet(book, _("Cases"), header, [[name, *counts] for _code, name, counts in table_rows(table)])
    return _save(book)


def assessment_pdf(assessment: Assessment) -> bytes:
    table, frozen = table_of(assessment)
    context = {
        "assessment": assessment,
        "sections": shown_sections(assessment),
        "columns": [COLUMN_LABELS[c] for c in COLUMNS],
        "table": table,
        "table_rows": table_rows(table),
        "frozen": frozen,
        "generated": timezone.now(),
    }
    return render_pdf("regional/document.html", context)
