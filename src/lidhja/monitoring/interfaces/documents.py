"""The monitoring documents — quarterly monitoring report and mid-term progress report — as
XLSX and PDF, in the language asked for. The PDF is the HTML report page printed by WeasyPrint,
with the same SVG charts as on screen."""

import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from html import unescape

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from lidhja.core import figures, pdf
from lidhja.core.bilingual import display_text
from lidhja.core.cells import safe_cell
from lidhja.core.sheets import format_cells
from lidhja.monitoring.domain.reporting import (
    NO_REPORT,
    MidtermReport,
    QuarterlyReport,
    ReportCard,
    activity_lines,
    midterm_report,
    other_activities,
    overdue_activities,
    quarterly_report,
    report_card,
    status_label,
)
from lidhja.monitoring.interfaces.charts import status_chart, trend_chart
from lidhja.monitoring.models import ImplementationStatus, ReportingPeriod
from lidhja.plans.models import Chapter, Plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"pdf": "application/pdf", "xlsx": XLSX}


# Excel allows 31 characters in a sheet name and forbids some characters.
SHEET_NAME_MAX = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Short names of the report sections' sheets, so that each name fits whole in both languages.
SECTION_SHEETS = {
    "indicators": gettext_lazy("Indicators"),
    "computed": gettext_lazy("Computed indicators"),
    "resources": gettext_lazy("Resources"),
    "remedial_actions": gettext_lazy("Remedial actions"),
    "campaigns": gettext_lazy("Campaigns"),
}
WIDTH_MIN, WIDTH_MAX = 8, 60


def sheet_name(title: str, taken: list[str] | tuple[str, ...] = ()) -> str:
    """A sheet name that Excel accepts: no forbidden character, at most 31 characters, cut
    only between words, and not already taken."""
    name = " ".join(_FORBIDDEN.sub(" ", title).split())
    while len(name) > SHEET_NAME_MAX and " " in name:
        name = name.rsplit(" ", 1)[0].rstrip(",;(–-")
    name = name[:SHEET_NAME_MAX]
    candidate, n = name, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        candidate, n = name[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    return candidate


def _shown_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime | date):
        return 12
    if isinstance(value, int | float | Decimal):
        return len(f"{value:,.2f}") if isinstance(value, float | Decimal) else len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def fit_columns(sheet) -> None:
    """Each column as wide as its widest cell (within limits); longer text wraps."""
    for column in sheet.iter_cols():
        widest = max((_shown_width(cell.value) for cell in column), default=0)
        width = min(max(widest + 2, WIDTH_MIN), WIDTH_MAX)
        sheet.column_dimensions[get_column_letter(column[0].column)].width = width
        if widest + 2 > WIDTH_MAX:
            for cell in column[1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _sheet(book: Workbook, title: str, header: list[str], rows) -> None:
    """A table sheet: bold header row kept in view, a filter on every column, fitted widths."""
    sheet = book.create_sheet(sheet_name(title, book.sheetnames))
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    fit_columns(sheet)


def _summary(book: Workbook, title: str, rows: list[tuple[str, object]]) -> None:
    sheet = book.active
    sheet.title = sheet_name(_("Summary"))
    sheet.append([safe_cell(title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Figure"), _("Value")])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    sheet.freeze_panes = "A3"
    widths = [max(_shown_width(r[0]) for r in [*rows, (_("Figure"),)]), 18]
    for letter, width in zip("AB", widths, strict=True):
        sheet.column_dimensions[letter].width = min(max(width + 2, WIDTH_MIN), WIDTH_MAX)


def _activity_rows(report):
    for line in report.activities:
        yield (
            str(Chapter(line.node.chapter).label),
            line.node.code,
            display_text(line.node, "text").plain,
            line.lead,
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
                str(Chapter(x.node.chapter).label),
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
        [_("Chapter"), _("Number"), _("Activity"), _("Lead agency"), _("Status")],
        _activity_rows(report),
    )
    _due_sheet(book, _("Overdue"), report.overdue)


def _section_sheets(book: Workbook, report: QuarterlyReport | MidtermReport) -> None:
    for section in report.sections:
        title = str(SECTION_SHEETS.get(section.key, section.title))
        _sheet(book, title, [str(c) for c in section.columns], section.rows)


def quarterly_xlsx(report: QuarterlyReport) -> bytes:
    book = Workbook()
    t = report.totals
    _summary(
        book,
        _("Quarterly monitoring report %(period)s") % {"period": report.period.code},
        [
            (_("Period"), report.period.code),
            (_("Reports due"), report.period.due_date),
            (_("Reports owed"), t.owed),
            (_("Submitted on time"), t.on_time),
            (_("Submitted late"), t.late),
            (_("Not submitted"), t.unsubmitted),
            (_("Accepted by ONAC"), t.accepted),
            (_("On time (%)"), t.on_time_percent),
            (_("Overdue activities"), len(report.overdue)),
        ],
    )
    _sheet(
        book,
        _("Compliance"),
        [
            _("Short name"),
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
                r.organisation.short_name,
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
    return _save(book, str(book.worksheets[0]["A1"].value))


def midterm_xlsx(report: MidtermReport) -> bytes:
    book = Workbook()
    _summary(
        book,
        _("Mid-term progress report, %(plan)s") % {"plan": report.plan.display_title},
        [
            (_("Plan"), report.plan.display_title),
            (_("Status as of"), report.period.code),
            (_("Activities"), len(report.activities)),
            (
                _("Completed"),
                sum(1 for a in report.activities if a.status == ImplementationStatus.COMPLETED),
            ),
            (_("Overdue activities"), len(report.overdue)),
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
    return _save(book, str(book.worksheets[0]["A1"].value))


def card_xlsx(card: ReportCard) -> bytes:
    book = Workbook()
    _summary(
        book,
        _("Report card, %(organisation)s") % {"organisation": card.organisation.display_name},
        [
            (_("Organisation"), card.organisation.display_name),
            (_("Status as of"), card.period.code),
            (_("Activities"), len(card.lines)),
            (_("Reports owed"), sum(p.owed for p in card.trend)),
            (_("Submitted on time"), sum(p.on_time for p in card.trend)),
            (_("Submitted late"), sum(p.late for p in card.trend)),
        ],
    )
    _trend_sheet(book, _("Reporting"), card.trend)
    _sheet(
        book,
        _("Activities"),
        [_("Chapter"), _("Number"), _("Activity"), _("Role"), _("Status")],
        (
            (
                str(Chapter(line.node.chapter).label),
                line.node.code,
                display_text(line.node, "text").plain,
                line.role_label,
                line.status_label,
            )
            for line in card.lines
        ),
    )
    return _save(book, str(book.worksheets[0]["A1"].value))


def _save(book: Workbook, title: str | None = None) -> bytes:
    format_cells(book)
    if title is not None:  # a monitoring document: its title and issuer in the file's properties
        book.properties.title = title
        book.properties.creator = issuer()
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _section_blank(section) -> bool:
    """No row, or every figure zero (the first column names the row: a year, an item)."""
    numbers = [
        cell
        for row in section.rows
        for cell in row[1:]
        if isinstance(cell, int | float | Decimal) and not isinstance(cell, bool)
    ]
    return not section.rows or (bool(numbers) and not any(numbers))


def report_context(report, charts: dict[str, str]) -> dict:
    """What the report templates show; `charts` holds the chart markup (inline SVG for the
    PDF, image links on screen)."""
    statuses = [*ImplementationStatus.values, NO_REPORT]
    chapter_rows = [
        (Chapter(c).label, [report.by_chapter[c][s] for s in statuses]) for c in Chapter.values
    ]
    trend = getattr(report, "trend", [])
    return {
        "report": report,
        "generated": timezone.now(),
        "statuses": [(s, status_label(s)) for s in statuses],
        "chapter_rows": chapter_rows,
        "chapters_blank": all(not any(counts) for _label, counts in chapter_rows),
        "trend_blank": not any(p.owed for p in trend),
        "spend_rows": [
            (Chapter(c).label, currency, total)
            for (c, currency), total in sorted(getattr(report, "spend", {}).items())
        ],
        "sections": [(section, _section_blank(section)) for section in report.sections],
        **charts,
    }


# A trend drawn from one or two points says nothing a table does not: the table alone is shown.
TREND_CHART_MIN_POINTS = 3


def inline_charts(report) -> dict[str, str]:
    charts: dict[str, str] = {}
    if any(report.by_chapter[c].total() for c in report.by_chapter):
        charts["status_chart"] = mark_safe(status_chart(report.by_chapter))  # noqa: S308 (our SVG)
    trend = getattr(report, "trend", None)
    if trend is not None and len(trend) >= TREND_CHART_MIN_POINTS:
        charts["trend_chart"] = mark_safe(trend_chart(trend))  # noqa: S308 (our SVG)
    return charts


# --- PDF --------------------------------------------------------------------------------------
_HEADING = re.compile(r"<h2>(.*?)</h2>", re.S)
_TAG = re.compile(r"<[^>]+>")


def with_contents(body: str, prefix: str = "part") -> tuple[str, list[tuple[str, str]]]:
    """The body with an anchor on each second-level heading, and the table of contents
    (anchor, heading text) that links to them (page numbers: CSS target-counter)."""
    contents: list[tuple[str, str]] = []

    def anchor(match: re.Match) -> str:
        ref = f"{prefix}-{len(contents) + 1}"
        contents.append((ref, unescape(_TAG.sub("", match.group(1))).strip()))
        return f'<h2 id="{ref}">{match.group(1)}</h2>'

    return _HEADING.sub(anchor, body), contents


def issuer() -> str:
    return _("Office of the National Coordinator on Anti-trafficking (ONAC)")


def _stylesheet() -> str:
    return str(finders.find("lidhja/print.css"))


def render_pdf(template: str, context: dict) -> bytes:
    return pdf.render(render_to_string(template, context), _stylesheet())


def annex_title() -> str:
    return _("Annex: the activities of the plan")


@dataclass(frozen=True)
class Annex:
    """A report's annex, paginated on its own and laid out while the report is: its part
    (`lidhja.core.pdf.Part`) and its headings for the report's contents."""

    part: pdf.Part
    contents: list[tuple[str, str]]


def start_annex(body_template: str, context: dict, *, plan: Plan, period) -> Annex:
    body, contents = with_contents(render_to_string(body_template, context), prefix="annex")
    html = render_to_string(
        "monitoring/documents/annex.html",
        {
            **context,
            "body": mark_safe(body),  # noqa: S308 (our own template's output)
            "annex_title": annex_title(),
            "plan": plan,
            "period": period,
        },
    )
    return Annex(pdf.start(html, _stylesheet(), settings.LIDHJA_PDF_PROCESSES), contents)


def render_report_pdf(
    body_template: str,
    context: dict,
    *,
    title: str,
    summary: str,
    plan: Plan,
    period,
    annex: Annex | None = None,
) -> bytes:
    """A report fit to send upward: a cover (issuer, title, period, date, summary), a table
    of contents, then the body, and its annex if it has one; the PDF's metadata carry the
    title, issuer, subject and language."""
    body, contents = with_contents(render_to_string(body_template, context))
    html = render_to_string(
        "monitoring/documents/report.html",
        {
            **context,
            "body": mark_safe(body),  # noqa: S308 (our own template's output)
            "contents": contents,
            "annex_contents": annex.contents if annex else [],
            "annex_title": annex_title(),
            "title": title,
            "summary": summary,
            "issuer": issuer(),
            "plan": plan,
            "period": period,
            "subject": f"{plan.display_title} · {period.code}",
        },
    )
    return pdf.render_parts(html, [annex.part] if annex else [], _stylesheet())


def _share(part: int, whole: int) -> str:
    return figures.percent(round(100 * part / whole, 1)) if whole else "–"


def midterm_summary(report: MidtermReport) -> str:
    counts: Counter = Counter()
    for chapter in report.by_chapter.values():
        counts.update(chapter)
    total = sum(counts.values())
    owed = sum(p.owed for p in report.trend)
    on_time = sum(p.on_time for p in report.trend)
    return _(
        "As of %(period)s the plan holds %(total)s activities: %(completed)s completed, "
        "%(on_track)s on track, %(delayed)s delayed, %(not_started)s not started and "
        "%(no_report)s without a report. %(overdue)s activities are past their deadline and "
        "not completed. Since the plan began, %(on_time)s of the reports owed were submitted "
        "on time."
    ) % {
        "period": report.period.code,
        "total": figures.count(total),
        "completed": figures.count(counts[ImplementationStatus.COMPLETED]),
        "on_track": figures.count(counts[ImplementationStatus.ON_TRACK]),
        "delayed": figures.count(counts[ImplementationStatus.DELAYED]),
        "not_started": figures.count(counts[ImplementationStatus.NOT_STARTED]),
        "no_report": figures.count(counts[NO_REPORT]),
        "overdue": figures.count(len(report.overdue)),
        "on_time": _share(on_time, owed),
    }


def quarterly_summary(report: QuarterlyReport) -> str:
    t = report.totals
    return _(
        "For %(period)s, %(owed)s reports were owed by %(organisations)s organisations, due by "
        "%(due)s. %(on_time)s were submitted on time (%(share)s), %(late)s late, and "
        "%(unsubmitted)s are not submitted; ONAC has accepted %(accepted)s. %(overdue)s "
        "activities are past their deadline and %(at_risk)s are at risk."
    ) % {
        "period": report.period.code,
        "owed": figures.count(t.owed),
        "organisations": figures.count(len(report.compliance)),
        "due": figures.day(report.period.due_date),
        "on_time": figures.count(t.on_time),
        "share": _share(t.on_time, t.owed),
        "late": figures.count(t.late),
        "unsubmitted": figures.count(t.unsubmitted),
        "accepted": figures.count(t.accepted),
        "overdue": figures.count(len(report.overdue)),
        "at_risk": figures.count(len(report.at_risk)),
    }


def card_summary(card: ReportCard) -> str:
    owed = sum(p.owed for p in card.trend)
    on_time = sum(p.on_time for p in card.trend)
    late = sum(p.late for p in card.trend)
    completed = sum(1 for line in card.lines if line.status == ImplementationStatus.COMPLETED)
    return _(
        "As of %(period)s, %(organisation)s carries %(activities)s activities of the plan, "
        "%(completed)s of them completed. It owed %(owed)s reports: %(on_time)s were submitted "
        "on time (%(share)s) and %(late)s late."
    ) % {
        "period": card.period.code,
        "organisation": card.organisation.display_name,
        "activities": figures.count(len(card.lines)),
        "completed": figures.count(completed),
        "owed": figures.count(owed),
        "on_time": figures.count(on_time),
        "share": _share(on_time, owed),
        "late": figures.count(late),
    }


@dataclass(frozen=True)
class Document:
    content: bytes
    filename: str
    content_type: str


def _card(card: ReportCard, fmt: str) -> bytes:
    if fmt == "xlsx":
        return card_xlsx(card)
    context = {
        "card": card,
        "generated": timezone.now(),
        "trend_blank": not any(p.owed for p in card.trend),
    }
    if len(card.trend) >= TREND_CHART_MIN_POINTS:
        context["trend_chart"] = mark_safe(trend_chart(card.trend))  # noqa: S308 (our own SVG)
    title = _("Report card, %(organisation)s") % {"organisation": card.organisation.display_name}
    return render_report_pdf(
        "monitoring/documents/_card_body.html",
        context,
        title=title,
        summary=card_summary(card),
        plan=card.plan,
        period=card.period,
    )


def _report_pdf(report: QuarterlyReport | MidtermReport, annex: Annex | None = None) -> bytes:
    context = report_context(report, inline_charts(report))
    if isinstance(report, QuarterlyReport):
        title = _("Quarterly monitoring report %(period)s") % {"period": report.period.code}
        body, summary = "_quarterly_body.html", quarterly_summary(report)
    else:
        title = _("Mid-term progress report")
        body, summary = "_midterm_body.html", midterm_summary(report)
    return render_report_pdf(
        f"monitoring/documents/{body}",
        {**context, "annex_apart": annex is not None},
        title=title,
        summary=summary,
        plan=report.plan,
        period=report.period,
        annex=annex,
    )


def _midterm_pdf(plan: Plan, period: ReportingPeriod) -> bytes:
    """The mid-term report, its activities (each with its whole text) as its annex. The annex
    needs only the activities' status, so it is begun first and laid out in a helper process
    while the report's figures are read and laid out here."""
    lines = activity_lines(plan, period)
    overdue = overdue_activities(plan, period, lines)
    annex = start_annex(
        "monitoring/documents/_midterm_activities.html",
        {"overdue": overdue, "others": other_activities(lines, overdue)},
        plan=plan,
        period=period,
    )
    return _report_pdf(midterm_report(plan, period, lines), annex)


def build_document(
    kind: str, fmt: str, *, plan: Plan, period: ReportingPeriod, lang: str, organisation=None
) -> Document:
    """`kind` quarterly, midterm or card (an organisation's report card), `fmt` pdf or xlsx,
    in language `lang`."""
    with translation.override(lang):
        if kind == "card":
            content = _card(report_card(plan, period, organisation), fmt)
        elif kind == "midterm" and fmt == "pdf":
            content = _midterm_pdf(plan, period)
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
                content = _report_pdf(report)
    subject = f"{organisation.code}-" if organisation is not None else ""
    name = f"{kind}-{subject}{plan.code}-{period.code}-{lang}.{fmt}"
    return Document(content, name, FORMATS[fmt])
