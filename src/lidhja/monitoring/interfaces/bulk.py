"""Bulk reporting with a spreadsheet: a template of an organisation's reports for a period that
it can still edit, in the user's language, and an upload that is validated whole before
anything is saved.

The template holds no internal code: a row is known by its chapter and activity number, and
its choices (implementation status, currency, funding source) are written as the words of the
user's language, offered in drop-down lists kept on a hidden sheet. The upload reads the words
of either language (and the stored codes), so a template sent back unchanged, or filled in by a
colleague who reads the other language, is understood.
"""

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from lidhja.accounts.domain.errors import DomainError
from lidhja.core.bilingual import display_text
from lidhja.core.cells import restore_cell, safe_cell
from lidhja.core.uploads import UploadRefused, read_xlsx_rows
from lidhja.monitoring.domain import services
from lidhja.monitoring.models import (
    Currency,
    FundingSource,
    ImplementationStatus,
    Obligation,
    ProgressReport,
    ReportingPeriod,
)
from lidhja.organisations.models import Kind, Organisation
from lidhja.plans.models import Chapter

LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")
LOCKED = ("chapter", "activity", "text")  # what the row is about; not read back but the keys
EDITABLE = list(services.REPORT_FIELDS)
CHOICES = {
    "chapter": Chapter,
    "implementation_status": ImplementationStatus,
    "currency": Currency,
    "funding_source": FundingSource,
}
LANGUAGES = ("en", "sq")


def _labels() -> dict[str, Any]:
    """Each column's header, in the order of the sheet (lazy: read in the active language)."""
    from lidhja.monitoring.interfaces.forms import ReportForm

    report_labels = {key: ReportForm.base_fields[key].label for key in EDITABLE}
    return {
        "chapter": gettext_lazy("Chapter"),
        "activity": gettext_lazy("Activity"),
        "text": gettext_lazy("Text of the activity"),
        **report_labels,
    }


COLUMNS = list(_labels())


def headers() -> list[str]:
    """The header row, in the active language."""
    return [str(label) for label in _labels().values()]


def _fold(value: Any) -> str:
    return " ".join(str(value or "").split()).casefold()


def _words(pairs) -> dict[str, str]:
    """{written form: key} for keys and their labels in every language."""
    words: dict[str, str] = {}
    for key, label in pairs:
        words[_fold(key)] = key
        for lang in LANGUAGES:
            with translation.override(lang):
                words[_fold(label)] = key
    return words


def _donors() -> list[Organisation]:
    return list(Organisation.objects.filter(kind__in=[Kind.DONOR, Kind.IO]).order_by("code"))


def _editable(period: ReportingPeriod, organisation: Organisation):
    return (
        Obligation.objects.filter(period=period, organisation=organisation)
        .filter(Q(report__isnull=True) | Q(report__status__in=services.EDITABLE_STATUSES))
        .select_related("node", "report__donor")
        .order_by("node__position", "pk")
    )


def _row(obligation: Obligation) -> list[Any]:
    r = obligation.report_or_none
    node = obligation.node
    return [
        node.get_chapter_display(),
        node.code,
        display_text(node, "text").plain,
        r.get_implementation_status_display() if r else "",
        r.narrative if r else "",
        r.outputs_achieved if r else "",
        r.expenditure if r else None,
        r.get_currency_display() if r else str(Currency.ALL.label),
        r.get_funding_source_display() if r and r.funding_source else "",
        r.donor.code if r and r.donor else "",
    ]


def _lists_sheet(book: Workbook, donors: list[Organisation]) -> dict[str, str]:
    """A hidden sheet with the words each drop-down offers; returns each list's range."""
    sheet = book.create_sheet(_("Lists")[:31])
    sheet.sheet_state = "hidden"
    lists = {
        "implementation_status": [str(label) for label in ImplementationStatus.labels],
        "currency": [str(label) for label in Currency.labels],
        "funding_source": [str(label) for label in FundingSource.labels],
        "donor": [donor.code for donor in donors] or [""],
    }
    ranges = {}
    for number, (key, words) in enumerate(lists.items(), start=1):
        letter = get_column_letter(number)
        for row, word in enumerate(words, start=1):
            sheet.cell(row=row, column=number, value=word)
        ranges[key] = f"{quote_sheetname(sheet.title)}!${letter}$1:${letter}${len(words)}"
    return ranges


def template(period: ReportingPeriod, organisation: Organisation) -> bytes:
    """The reports `organisation` can still edit for `period`, in the active language."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Reports")[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for obligation in _editable(period, organisation):
        sheet.append([safe_cell(value) for value in _row(obligation)])
        for cell in sheet[sheet.max_row][: len(LOCKED)]:
            cell.fill = LOCKED_FILL
    expenditure = get_column_letter(COLUMNS.index("expenditure") + 1)
    for (cell,) in sheet[f"{expenditure}2:{expenditure}{max(sheet.max_row, 2)}"]:
        cell.number_format = "#,##0.00"
    rows = max(sheet.max_row, 2) + 200  # room for rows typed below the last
    for key, formula in _lists_sheet(book, _donors()).items():
        letter = get_column_letter(COLUMNS.index(key) + 1)
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        validation.add(f"{letter}2:{letter}{rows}")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = sheet.cell(row=2, column=len(LOCKED) + 1)
    for letter, width in zip("ABCDEFGHIJ", (28, 12, 50, 24, 50, 40, 16, 22, 26, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str  # the column's key
    message: str

    def __str__(self) -> str:
        labels = _labels()
        other = {"header": _("header"), "file": _("file")}
        column = str(labels[self.field]) if self.field in labels else other.get(self.field, "")
        return _("row %(row)s, %(field)s: %(message)s") % {
            "row": self.row,
            "field": column,
            "message": self.message,
        }


class BulkUploadError(ValueError):
    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")


@dataclass(frozen=True)
class BulkResult:
    saved: int
    unchanged: int


def _columns(header: tuple[Any, ...]) -> dict[str, int]:
    """The position of each column, found by its header in either language (or its key)."""
    words = _words(_labels().items())
    found = {words[_fold(cell)]: i for i, cell in enumerate(header) if _fold(cell) in words}
    missing = [str(label) for key, label in _labels().items() if key not in found]
    if missing:
        raise BulkUploadError(
            [
                RowProblem(
                    1,
                    "header",
                    _("the columns are not those of the template; missing: %(columns)s")
                    % {"columns": ", ".join(missing)},
                )
            ]
        )
    return found


def _read(content: bytes) -> list[tuple[int, dict[str, Any]]]:
    try:
        rows = read_xlsx_rows(content)
    except UploadRefused as exc:
        raise BulkUploadError([RowProblem(0, "file", str(exc))]) from exc
    if not rows:
        raise BulkUploadError([RowProblem(1, "header", _("the file is empty"))])
    columns = _columns(rows[0])
    return [
        (
            number,
            {key: restore_cell(row[i]) if i < len(row) else None for key, i in columns.items()},
        )
        for number, row in enumerate(rows[1:], start=2)
        if any(c not in (None, "") for c in row)
    ]


def _vocabulary() -> dict[str, dict[str, str]]:
    """For each column of choices: {written form in either language, or key: key}."""
    return {key: _words(choices.choices) for key, choices in CHOICES.items()}


def _choice(values, errors, words: dict[str, str], key: str, *, blank: bool = False) -> None:
    written = _fold(values[key])
    if blank and not written:
        values[key] = ""
    elif written in words:
        values[key] = words[written]
    else:
        errors[key] = _("must be one of: %(choices)s") % {
            "choices": ", ".join(str(label) for label in CHOICES[key].labels)
        }


def _values(data: dict[str, Any], donors: dict, vocabulary: dict) -> tuple[dict, dict[str, str]]:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {key: str(data.get(key) or "").strip() for key in EDITABLE}
    for key in ("implementation_status", "currency", "funding_source"):
        _choice(values, errors, vocabulary[key], key, blank=key == "funding_source")
    raw = data.get("expenditure")
    try:
        values["expenditure"] = None if raw in (None, "") else Decimal(str(raw))
        if values["expenditure"] is not None and values["expenditure"] < 0:
            errors["expenditure"] = _("cannot be negative")
    except InvalidOperation:
        errors["expenditure"] = _("is not a number")
    code = values.pop("donor")
    values["donor"] = donors.get(code) if code else None
    if code and values["donor"] is None:
        errors["donor"] = _("unknown organisation %(code)s") % {"code": code}
    return values, errors


def _unchanged(report: ProgressReport | None, values: dict[str, Any]) -> bool:
    if report is None:
        return False
    current = {key: getattr(report, key) for key in EDITABLE}
    current["expenditure"] = report.expenditure
    return all(current[key] == values[key] for key in EDITABLE)


def _obligations(period: ReportingPeriod, organisation: Organisation) -> dict:
    """The organisation's obligations of `period` by (chapter, activity number); None where two
    plans of the period give the same chapter and number."""
    keyed: dict[tuple[str, str], Obligation | None] = {}
    for o in Obligation.objects.filter(period=period, organisation=organisation).select_related(
        "node", "organisation"
    ):
        key = (o.node.chapter, o.node.code)
        keyed[key] = None if key in keyed else o
    return keyed


def _obligation(data, own, chapters, number, problems) -> Obligation | None:
    chapter = chapters.get(_fold(data.get("chapter")))
    activity = str(data.get("activity") or "").strip()
    key = (chapter or "", activity)
    if key not in own:
        problems.append(
            RowProblem(
                number, "activity", _("not one of this organisation's reports for the period")
            )
        )
        return None
    if own[key] is None:
        problems.append(
            RowProblem(number, "activity", _("two plans of the period have this activity"))
        )
    return own[key]


def upload(
    content: bytes, period: ReportingPeriod, organisation: Organisation, *, by
) -> BulkResult:
    """Validate every row, then save the changed ones in one transaction.

    Rows left without an implementation status are skipped (not reported on yet), and so are
    rows that say what the draft already says (a template sent back unchanged).
    """
    rows = [(n, d) for n, d in _read(content) if str(d.get("implementation_status") or "").strip()]
    own = _obligations(period, organisation)
    reports = {
        r.obligation_id: r
        for r in ProgressReport.objects.filter(obligation__period=period).filter(
            obligation__organisation=organisation
        )
    }
    donors = {o.code: o for o in Organisation.objects.all()}
    vocabulary = _vocabulary()
    problems: list[RowProblem] = []
    work = []
    unchanged = 0
    first_row: dict[int, int] = {}  # obligation -> the row that first reports on it
    for number, data in rows:
        obligation = _obligation(data, own, vocabulary["chapter"], number, problems)
        if obligation is None:
            continue
        if obligation.pk in first_row:
            problems.append(
                RowProblem(
                    number,
                    "activity",
                    _("duplicate of row %(row)s: each report may appear once")
                    % {"row": first_row[obligation.pk]},
                )
            )
            continue
        first_row[obligation.pk] = number
        report = reports.get(obligation.pk)
        if report is not None and report.status not in services.EDITABLE_STATUSES:
            problems.append(
                RowProblem(number, "activity", _("already submitted; it can no longer be edited"))
            )
            continue
        values, errors = _values(data, donors, vocabulary)
        problems += [RowProblem(number, field, message) for field, message in errors.items()]
        if not errors and _unchanged(report, values):
            unchanged += 1
        else:
            work.append((number, obligation, report, values))
    if problems:
        raise BulkUploadError(problems)
    _save(work, by)
    return BulkResult(saved=len(work), unchanged=unchanged)


def _save(work: list, by) -> None:
    problems: list[RowProblem] = []
    with transaction.atomic():
        for number, obligation, report, values in work:
            try:
                services.save_report(
                    obligation, values, version=report.version if report else None, by=by
                )
            except ValidationError as exc:
                problems += [
                    RowProblem(number, f, " ".join(m)) for f, m in exc.message_dict.items()
                ]
            except DomainError as exc:  # changed or submitted by someone else meanwhile
                problems.append(RowProblem(number, "activity", str(exc)))
        if problems:  # raising inside the block rolls every row back
            raise BulkUploadError(problems)
