"""The monitoring documents — quarterly monitoring report and mid-term progress report — as
XLSX and PDF, in the language asked for. The PDF is the HTML report page printed by WeasyPrint,
with the same SVG charts as on screen."""

import io
import re
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lidhja.core.bilingual import display_text
from lidhja.core.cells import safe_cell
from lidhja.core.sheets import format_cells
from lidhja.monitoring.domain.reporting import (
    NO_REPORT,
    MidtermReport,
    QuarterlyReport,
    ReportCard,
    midterm_report,
    quarterly_report,
    report_card,
    status_label,
)
from lidhja.monitoring.interfaces.charts import status_chart, trend_chart
from lidhja.monitoring.models import ImplementationStatus, ReportingPeriod
from lidhja.plans.models import Chapter, Plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"pdf": "application/pdf", "xlsx": XLSX}


def _sheet(book: Workbook, title: str, header: list[str], rows) -> None:
    # Excel forbids some characters in sheet names and allows 31 characters.
    sheet = book.create_sheet(re.sub(r"[\[\]:*?/\\]", "", title)[:31].strip())
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    sheet.freeze_panes = "A2"


def _summary(book: Workbook, title: str, rows: list[tuple[str, str, object]]) -> None:
    sheet = book.active
    sheet.title = _("Summary")[:31]
    sheet.append([safe_cell(title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(["key", _("Figure"), _("Value")])
    for row in rows:
        sheet.append([safe_cell(value) for value in row])


def _activity_rows(report):
    for line in report.activities:
        yield (
            line.node.chapter,
            line.node.code,
            display_text(line.node, "text").plain,
            line.lead,
            line.status,
            status_label(line.status),
        )


def _due_sheet(book: Workbook, title: str, lines) -> None:
    """Activities with their due date: the overdue and at-risk lists."""
    _sheet(
        book,
        title,
        [_("Chapter"), _("Number"), _("Activity"), _("Lead agency"), _("Due date"), _("Status")],
        (
            (
                x.node.chapter,
                x.node.code,
                display_text(x.node, "text").plain,
                x.lead,
                x.node.due_end,
                x.status_label,
            )
            for x in lines
        ),
    )


def _trend_sheet(book: Workbook, title: str, trend) -> None:
    _sheet(
        book,
        title,
        [_("Period"), _("Owed"), _("On time"), _("Late"), _("On time (%)")],
        ((p.period.code, p.owed, p.on_time, p.late, p.on_time_percent) for p in trend),
    )


def _chapter_rows(report):
    statuses = [*ImplementationStatus.values, NO_REPORT]
    for chapter in Chapter.values:
        yield [str(Chapter(chapter).label), *(report.by_chapter[chapter][s] for s in statuses)]


def _common_sheets(book: Workbook, report) -> None:
    statuses = [*ImplementationStatus.values, NO_REPORT]
    _sheet(
        book,
        _("By chapter"),
        [_("Chapter"), *(status_label(s) for s in statuses)],
        _chapter_rows(report),
    )
    _sheet(
        book,
        _("Activities"),
        [_("Chapter"), _("Number"), _("Activity"), _("Lead agency"), "status", _("Status")],
        _activity_rows(report),
    )
    _due_sheet(book, _("Overdue"), report.overdue)


def _section_sheets(book: Workbook, report: QuarterlyReport | MidtermReport) -> None:
    for section in report.sections:
        _sheet(book, str(section.title), [str(c) for c in section.columns], section.rows)


def quarterly_xlsx(report: QuarterlyReport) -> bytes:
    book = Workbook()
    t = report.totals
    _summary(
        book,
        _("Quarterly monitoring report %(period)s") % {"period": report.period.code},
        [
            ("period", _("Period"), report.period.code),
            ("due_date", _("Reports due"), report.period.due_date),
            ("owed", _("Reports owed"), t.owed),
            ("on_time", _("Submitted on time"), t.on_time),
            ("late", _("Submitted late"), t.late),
            ("unsubmitted", _("Not submitted"), t.unsubmitted),
            ("accepted", _("Accepted by ONAC"), t.accepted),
            ("on_time_percent", _("On time (%)"), t.on_time_percent),
            ("overdue", _("Overdue activities"), len(report.overdue)),
        ],
    )
    _sheet(
        book,
        _("Compliance"),
        [
            "code",
            _("Organisation"),
            _("Owed"),
            _("On time"),
            _("Late"),
            _("Not submitted"),
            _("Accepted"),
            _("On time (%)"),
        ],
        (
            (
                r.organisation.code,
                r.organisation.display_name,
                r.owed,
                r.on_time,
                r.late,
                r.unsubmitted,
                r.accepted,
                r.on_time_percent,
            )
            for r in report.compliance
        ),
    )
    _common_sheets(book, report)
    _due_sheet(book, _("At risk"), report.at_risk)
    _section_sheets(book, report)
    return _save(book)


def midterm_xlsx(report: MidtermReport) -> bytes:
    book = Workbook()
    _summary(
        book,
        _("Mid-term progress report, %(plan)s") % {"plan": report.plan.display_title},
        [
            ("plan", _("Plan"), report.plan.code),
            ("as_of", _("Status as of"), report.period.code),
            ("activities", _("Activities"), len(report.activities)),
            (
                "completed",
                _("Completed"),
                sum(1 for a in report.activities if a.status == ImplementationStatus.COMPLETED),
            ),
            ("overdue", _("Overdue activities"), len(report.overdue)),
        ],
    )
    _trend_sheet(book, _("Compliance trend"), report.trend)
    _sheet(
        book,
        _("Expenditure"),
        [_("Chapter"), _("Currency"), _("Reported expenditure")],
        ((str(Chapter(c).label), cur, total) for (c, cur), total in sorted(report.spend.items())),
    )
    _common_sheets(book, report)
    _section_sheets(book, report)
    return _save(book)


def card_xlsx(card: ReportCard) -> bytes:
    book = Workbook()
    _summary(
        book,
        _("Report card, %(organisation)s") % {"organisation": card.organisation.display_name},
        [
            ("organisation", _("Organisation"), card.organisation.code),
            ("as_of", _("Status as of"), card.period.code),
            ("activities", _("Activities"), len(card.lines)),
            ("owed", _("Reports owed"), sum(p.owed for p in card.trend)),
            ("on_time", _("Submitted on time"), sum(p.on_time for p in card.trend)),
            ("late", _("Submitted late"), sum(p.late for p in card.trend)),
        ],
    )
    _trend_sheet(book, _("Reporting"), card.trend)
    _sheet(
        book,
        _("Activities"),
        [_("Chapter"), _("Number"), _("Activity"), _("Role"), "status", _("Status")],
        (
            (
                line.node.chapter,
                line.node.code,
                display_text(line.node, "text").plain,
                line.role,
                line.status,
                line.status_label,
            )
            for line in card.lines
        ),
    )
    return _save(book)


def _save(book: Workbook) -> bytes:
    format_cells(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_context(report, charts: dict[str, str]) -> dict:
    """What the report templates show; `charts` holds the chart markup (inline SVG for the
    PDF, image links on screen)."""
    statuses = [*ImplementationStatus.values, NO_REPORT]
    return {
        "report": report,
        "generated": timezone.now(),
        "statuses": [(s, status_label(s)) for s in statuses],
        "chapter_rows": [
            (Chapter(c).label, [report.by_chapter[c][s] for s in statuses]) for c in Chapter.values
        ],
        "spend_rows": [
            (Chapter(c).label, currency, total)
            for (c, currency), total in sorted(getattr(report, "spend", {}).items())
        ],
        **charts,
    }


def inline_charts(report) -> dict[str, str]:
    charts: dict[str, str] = {"status_chart": mark_safe(status_chart(report.by_chapter))}  # noqa: S308 (our SVG)
    if isinstance(report, MidtermReport):
        charts["trend_chart"] = mark_safe(trend_chart(report.trend))  # noqa: S308 (our SVG)
    return charts


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import CSS, HTML  # heavy import, only when a PDF is asked for

    html = render_to_string(template, context)
    stylesheet = CSS(filename=finders.find("lidhja/print.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])


@dataclass(frozen=True)
class Document:
    content: bytes
    filename: str
    content_type: str


def _card(card: ReportCard, fmt: str) -> bytes:
    if fmt == "xlsx":
        return card_xlsx(card)
    chart = mark_safe(trend_chart(card.trend))  # noqa: S308 (our own SVG)
    context = {"card": card, "generated": timezone.now(), "trend_chart": chart}
    return render_pdf("monitoring/documents/card.html", context)


def build_document(
    kind: str, fmt: str, *, plan: Plan, period: ReportingPeriod, lang: str, organisation=None
) -> Document:
    """`kind` quarterly, midterm or card (an organisation's report card), `fmt` pdf or xlsx,
    in language `lang`."""
    with translation.override(lang):
        if kind == "card":
            content = _card(report_card(plan, period, organisation), fmt)
        else:
            report = (
                quarterly_report(plan, period)
                if kind == "quarterly"
                else midterm_report(plan, period)
            )
            if fmt == "xlsx":
                content = (
                    quarterly_xlsx(report)
                    if isinstance(report, QuarterlyReport)
                    else midterm_xlsx(report)
                )
            else:
                context = report_context(report, inline_charts(report))
                content = render_pdf(f"monitoring/documents/{kind}.html", context)
    subject = f"{organisation.code}-" if organisation is not None else ""
    name = f"{kind}-{subject}{plan.code}-{period.code}-{lang}.{fmt}"
    return Document(content, name, FORMATS[fmt])
