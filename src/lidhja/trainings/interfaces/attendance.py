"""Attendance sheets: a template in the user's language (pre-filled with the event's current
participants, so a download uploads back unchanged), and an import validated whole before
anything is written.

A row is either counted (organisation code, function, sex, count) or named (a roster
reference issued by Lidhja, the other columns empty). Named rows are matched by reference
only, never by name.
"""

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from lidhja.core.cells import restore_cell, safe_cell
from lidhja.core.uploads import UploadRefused, read_csv_rows, read_xlsx_rows
from lidhja.organisations.models import Organisation
from lidhja.trainings.domain import services
from lidhja.trainings.models import RosterMember, Sex, TargetGroup, TrainingEvent

COLUMNS = ["organisation", "function", "sex", "count", "roster_reference"]
LABELS = {
    "organisation": gettext_lazy("organisation"),
    "function": gettext_lazy("function"),
    "sex": gettext_lazy("sex"),
    "count": gettext_lazy("count"),
    "roster_reference": gettext_lazy("roster reference"),
}
LANGUAGES = ("en", "sq")


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    message: str
    key: str = ""  # the column's code (COLUMNS), for the API's answer

    def __str__(self) -> str:
        return _("row %(row)s, %(field)s: %(message)s") % {
            "row": self.row,
            "field": self.field,
            "message": self.message,
        }


class AttendanceError(ValueError):
    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")


@dataclass
class Sheet:
    counts: list[services.CountRow]
    members: list[RosterMember]


# --- the template ---------------------------------------------------------------------------


def _rows(event: TrainingEvent | None) -> list[list[Any]]:
    if event is None:
        return []
    counted = [
        [c.organisation.code, c.function, c.sex, c.count, ""]
        for c in event.counts.select_related("organisation")
    ]
    named = [
        ["", "", "", None, a.member.reference] for a in event.attendances.select_related("member")
    ]
    return counted + named


def header() -> list[str]:
    return [str(LABELS[key]) for key in COLUMNS]


def template_xlsx(event: TrainingEvent | None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("participants")[:31]
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(event):
        sheet.append([safe_cell(value) for value in row])
    codes = book.create_sheet(_("codes")[:31])
    codes.append([_("column"), _("code"), _("meaning")])
    for column, choices in (("function", TargetGroup.choices), ("sex", Sex.choices)):
        for value, label in choices:
            codes.append([str(LABELS[column]), value, str(label)])
    codes.append(
        [
            str(LABELS["roster_reference"]),
            "R-…",
            _("a named participant: leave the other columns empty"),
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_csv(event: TrainingEvent | None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    for row in _rows(event):
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


# --- reading --------------------------------------------------------------------------------


def _known_headers() -> dict[str, str]:
    known = {key: key for key in COLUMNS}
    for language in LANGUAGES:
        with translation.override(language):
            known |= {str(LABELS[key]).strip().lower(): key for key in COLUMNS}
    return known


def _choice_names(choices: list[tuple[str, Any]]) -> dict[str, str]:
    names = {value: value for value, _label in choices}
    for language in LANGUAGES:
        with translation.override(language):
            names |= {str(label).strip().lower(): value for value, label in choices}
    return names


def _table(content: bytes, filename: str) -> list[list[Any]]:
    try:
        if filename.lower().endswith(".csv"):
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise UploadRefused(_("The file is not UTF-8 text.")) from exc
            return [list(r) for r in read_csv_rows(text)]
        return [list(r) for r in read_xlsx_rows(content)]
    except UploadRefused as exc:
        raise AttendanceError([RowProblem(0, _("file"), str(exc))]) from exc


def _read(content: bytes, filename: str) -> list[tuple[int, dict[str, Any]]]:
    rows = _table(content, filename)
    known = _known_headers()
    keys = [known.get(str(c or "").strip().lower()) for c in rows[0]] if rows else []
    if sorted(k for k in keys if k) != sorted(COLUMNS):
        raise AttendanceError(
            [RowProblem(1, _("header"), _("the columns are not those of the template"))]
        )
    return [
        (number, {k: restore_cell(c) for k, c in zip(keys, row, strict=False) if k})
        for number, row in enumerate(rows[1:], start=2)
        if any(c not in (None, "") for c in row)
    ]


def _text(value: Any) -> str:
    return str(value if value is not None else "").strip()


# More participants than this in one row is a typing error (and beyond the column's range).
MAX_COUNT = 100_000


def _count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, float) else int(value)
    except (TypeError, ValueError):
        return None
    if isinstance(value, float) and value != number:
        return None
    return number if number > 0 else None


class _Reader:
    """Checks every row, collecting problems; nothing is written here."""

    def __init__(self, event: TrainingEvent):
        self.event = event
        self.organisations = {o.code.upper(): o for o in Organisation.objects.all()}
        self.functions = _choice_names(TargetGroup.choices)
        self.sexes = _choice_names(Sex.choices)
        self.problems: list[RowProblem] = []
        self.cells: dict[tuple[int, str, str], int] = {}
        self.references: dict[str, int] = {}
        self.sheet = Sheet(counts=[], members=[])
        self.roster: dict[str, RosterMember] = {}

    def problem(self, row: int, key: str, message: str) -> None:
        self.problems.append(RowProblem(row, str(LABELS[key]), message, key))

    def row(self, number: int, data: dict[str, Any]) -> None:
        reference = _text(data.get("roster_reference")).upper()
        if reference:
            self.named(number, reference, data)
        else:
            self.counted(number, data)

    def named(self, number: int, reference: str, data: dict[str, Any]) -> None:
        for key in ("organisation", "function", "sex", "count"):
            if _text(data.get(key)):
                self.problem(number, key, _("leave it empty on a row with a roster reference"))
        member = self.roster.get(reference)
        if member is None:
            self.problem(number, "roster_reference", _("no roster member has this reference"))
        elif reference in self.references:
            self.problem(
                number,
                "roster_reference",
                _("duplicate of row %(row)s") % {"row": self.references[reference]},
            )
        elif not services.active_on(member, self.event.ends_on):
            self.problem(
                number, "roster_reference", _("the member was not active at the end of the event")
            )
        else:
            self.references[reference] = number
            self.sheet.members.append(member)

    def counted(self, number: int, data: dict[str, Any]) -> None:
        before = len(self.problems)
        organisation = self.organisations.get(_text(data.get("organisation")).upper())
        if organisation is None:
            self.problem(number, "organisation", _("unknown organisation code"))
        function = self.functions.get(_text(data.get("function")).lower())
        if function is None:
            self.problem(
                number,
                "function",
                _("must be one of %(choices)s") % {"choices": ", ".join(TargetGroup.values)},
            )
        sex = self.sexes.get(_text(data.get("sex")).lower())
        if sex is None:
            self.problem(
                number, "sex", _("must be one of %(choices)s") % {"choices": ", ".join(Sex.values)}
            )
        count = _count(data.get("count"))
        if count is None:
            self.problem(number, "count", _("must be a whole number above zero"))
        elif count > MAX_COUNT:
            self.problem(number, "count", _("must be at most %(max)s") % {"max": MAX_COUNT})
        if len(self.problems) > before or organisation is None or function is None or sex is None:
            return
        cell = (organisation.pk, function, sex)
        if cell in self.cells:
            self.problem(
                number,
                "organisation",
                _("duplicate of row %(row)s: one row per organisation, function and sex")
                % {"row": self.cells[cell]},
            )
            return
        self.cells[cell] = number
        self.sheet.counts.append(services.CountRow(organisation, function, sex, int(count or 0)))


def read_sheet(content: bytes, filename: str, event: TrainingEvent) -> Sheet:
    """The participants of an attendance sheet, every row checked; AttendanceError naming each
    bad row and column if any is wrong."""
    reader = _Reader(event)
    rows = _read(content, filename)
    wanted = {_text(d.get("roster_reference")).upper()[:16] for _n, d in rows} - {""}
    reader.roster = {m.reference: m for m in RosterMember.objects.filter(reference__in=wanted)}
    for number, data in rows:
        reader.row(number, data)
    if reader.problems:
        raise AttendanceError(reader.problems)
    return reader.sheet


# The columns of a counted row, as the API takes them (one JSON object per row).
COUNTED = ("organisation", "function", "sex", "count")


def read_counts(rows: Any, event: TrainingEvent) -> list[services.CountRow]:
    """The counted rows given to the API as JSON objects, checked by the same reader as the
    counted rows of a sheet (rows numbered from 1); AttendanceError naming each bad one."""
    if not isinstance(rows, list):
        raise AttendanceError([RowProblem(0, "counts", _("Give a list of rows."), "counts")])
    if len(rows) > settings.LIDHJA_UPLOAD_MAX_ROWS:
        message = _("At most %(max)s rows.") % {"max": settings.LIDHJA_UPLOAD_MAX_ROWS}
        raise AttendanceError([RowProblem(0, "counts", message, "counts")])
    reader = _Reader(event)
    for number, data in enumerate(rows, start=1):
        if isinstance(data, dict):
            reader.counted(number, {key: data.get(key) for key in COUNTED})
        else:
            reader.problems.append(RowProblem(number, "", _("Give an object per row."), ""))
    if reader.problems:
        raise AttendanceError(reader.problems)
    return reader.sheet.counts


def import_sheet(content: bytes, filename: str, event: TrainingEvent, *, by, version: int) -> Sheet:
    """Validate the whole sheet, then replace the event's participants in one transaction."""
    sheet = read_sheet(content, filename, event)
    services.replace_attendance(
        event, by=by, version=version, counts=sheet.counts, members=sheet.members
    )
    return sheet
