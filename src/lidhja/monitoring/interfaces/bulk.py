"""Bulk reporting with a spreadsheet: a template pre-filled with an organisation's
obligations for a period, and an upload that is validated whole before anything is saved."""

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
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
from lidhja.organisations.models import Organisation

COLUMNS = ["obligation", "chapter", "activity", "text", *services.REPORT_FIELDS]
EDITABLE = list(services.REPORT_FIELDS)
LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")


def template(period: ReportingPeriod, organisation: Organisation) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "reports"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    obligations = (
        Obligation.objects.filter(period=period, organisation=organisation)
        .select_related("node", "report__donor")
        .order_by("node__position")
    )
    for o in obligations:
        r = o.report_or_none
        values = [
            o.pk,
            o.node.chapter,
            o.node.code,
            display_text(o.node, "text").plain,
            r.implementation_status if r else "",
            r.narrative if r else "",
            r.outputs_achieved if r else "",
            r.expenditure if r and r.expenditure is not None else None,
            r.currency if r else "ALL",
            r.funding_source if r else "",
            r.donor.code if r and r.donor else "",
        ]
        sheet.append([safe_cell(value) for value in values])
        for cell in sheet[sheet.max_row][:4]:
            cell.fill = LOCKED_FILL
    rows = max(sheet.max_row, 2)
    for column, choices in (
        ("E", ImplementationStatus.values),
        ("I", Currency.values),
        ("J", FundingSource.values),
    ):
        validation = DataValidation(
            type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True
        )
        validation.add(f"{column}2:{column}{rows}")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "E2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return _("row %(row)s, %(field)s: %(message)s") % {
            "row": self.row,
            "field": self.field,
            "message": self.message,
        }


class BulkUploadError(ValueError):
    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")


def _read(content: bytes) -> list[tuple[int, dict[str, Any]]]:
    try:
        rows = read_xlsx_rows(content)
    except UploadRefused as exc:
        raise BulkUploadError([RowProblem(0, "file", str(exc))]) from exc
    if not rows or [str(c or "").strip() for c in rows[0][: len(COLUMNS)]] != COLUMNS:
        raise BulkUploadError(
            [RowProblem(1, "header", _("the columns are not those of the template"))]
        )
    return [
        (number, dict(zip(COLUMNS, [restore_cell(c) for c in row], strict=False)))
        for number, row in enumerate(rows[1:], start=2)
        if any(c not in (None, "") for c in row)
    ]


def _values(data: dict[str, Any], donors: dict[str, Organisation]) -> tuple[dict, dict[str, str]]:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {key: str(data.get(key) or "").strip() for key in EDITABLE}
    if values["implementation_status"] not in ImplementationStatus.values:
        errors["implementation_status"] = _("must be one of %(choices)s") % {
            "choices": ", ".join(ImplementationStatus.values)
        }
    if values["currency"] not in Currency.values:
        errors["currency"] = _("must be one of %(choices)s") % {
            "choices": ", ".join(Currency.values)
        }
    if values["funding_source"] and values["funding_source"] not in FundingSource.values:
        errors["funding_source"] = _("must be one of %(choices)s") % {
            "choices": ", ".join(FundingSource.values)
        }
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


def upload(content: bytes, period: ReportingPeriod, organisation: Organisation, *, by) -> int:
    """Validate every row, then save them all in one transaction; returns how many were saved.

    Rows left without an implementation status are skipped (not reported on yet).
    """
    rows = [(n, d) for n, d in _read(content) if str(d.get("implementation_status") or "").strip()]
    own = {
        o.pk: o
        for o in Obligation.objects.filter(period=period, organisation=organisation).select_related(
            "organisation"
        )
    }
    reports = {
        r.obligation_id: r for r in ProgressReport.objects.filter(obligation__in=own.values())
    }
    donors = {o.code: o for o in Organisation.objects.all()}
    problems, work = [], []
    first_row: dict[int, int] = {}  # obligation -> the row that first reports on it
    for number, data in rows:
        obligation_id = _int(data.get("obligation"))
        obligation = None if obligation_id is None else own.get(obligation_id)
        if obligation is None:
            problems.append(
                RowProblem(
                    number, "obligation", _("not one of this organisation's reports for the period")
                )
            )
            continue
        if obligation.pk in first_row:
            problems.append(
                RowProblem(
                    number,
                    "obligation",
                    _("duplicate of row %(row)s: each report may appear once")
                    % {"row": first_row[obligation.pk]},
                )
            )
            continue
        first_row[obligation.pk] = number
        report = reports.get(obligation.pk)
        if report is not None and report.status not in services.EDITABLE_STATUSES:
            problems.append(
                RowProblem(number, "obligation", _("already submitted; it can no longer be edited"))
            )
            continue
        values, errors = _values(data, donors)
        problems += [RowProblem(number, field, message) for field, message in errors.items()]
        work.append((number, obligation, report, values))
    if problems:
        raise BulkUploadError(problems)
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
                problems.append(RowProblem(number, "obligation", str(exc)))
        if problems:  # raising inside the block rolls every row back
            raise BulkUploadError(problems)
    return len(work)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
