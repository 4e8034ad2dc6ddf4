"""Reading a reference file in UNODC's GLOTIP layout (XLSX or CSV) and validating it whole.

The caps of `core.uploads` hold before anything is parsed: the file's size
(`LIDHJA_UPLOAD_MAX_MB`), an XLSX's unpacked size (`LIDHJA_UPLOAD_MAX_UNCOMPRESSED_MB`), and
its rows (`LIDHJA_REFERENCE_MAX_ROWS`: the UNODC file is larger than the upload row cap).
UNODC's workbook names a drawing part it does not contain, and states wrong dimensions:
openpyxl reads it in read-only mode once the dimensions are reset.

The header is found in the first rows (UNODC's file has two title rows above it). Every row is
checked, and every bad one named, before anything is stored.
"""

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from lidhja.core.cells import restore_cell
from lidhja.core.uploads import (
    UploadRefused,
    check_zip,
    count_sheet_rows,
    read_csv_rows,
    too_large,
)
from lidhja.exchange.domain.reference import (
    COLUMNS,
    MAX_TEXT,
    ReferenceRow,
    is_published_value,
)

HEADER_SEARCH = 10  # rows above the header at most
# Cells UNODC's file leaves empty in places (Sark has no Iso3_code; some rows by citizenship
# have no Category).
OPTIONAL = frozenset({"Iso3_code", "Region", "Subregion", "Category"})
MAX_FIELD = 255


class UnreadableFile(ValueError):
    """The file cannot be read at all; the message says why."""


@dataclass(frozen=True)
class Problem:
    row: int  # the row number in the file (1 is the first)
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.column}: {self.message}"


class ReferenceFileError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the file")


@dataclass(frozen=True)
class ReferenceFile:
    name: str
    sha256: str
    rows: list[ReferenceRow]


def read_reference_file(path: Path) -> ReferenceFile:
    """The validated rows of `path`; raises `UnreadableFile` or `ReferenceFileError`."""
    if not path.is_file():
        raise UnreadableFile(f"{path.name}: no such file")
    if message := too_large(path.stat().st_size):
        raise UnreadableFile(f"{path.name}: {message}")
    data = path.read_bytes()
    try:
        raw = _xlsx_rows(data) if path.suffix.lower() == ".xlsx" else _csv_rows(data)
    except UploadRefused as exc:
        raise UnreadableFile(f"{path.name}: {exc}") from exc
    rows = validate(raw)
    return ReferenceFile(path.name, hashlib.sha256(data).hexdigest(), rows)


def _xlsx_rows(data: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook  # only once the container is known to be sane

    check_zip(data)
    count_sheet_rows(data, settings.LIDHJA_REFERENCE_MAX_ROWS)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise UploadRefused("not a readable XLSX workbook") from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the stated dimensions would cut the rows short
        return list(sheet.iter_rows(values_only=True))
    finally:
        book.close()


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadRefused("not UTF-8 text") from exc
    return read_csv_rows(text, max_rows=settings.LIDHJA_REFERENCE_MAX_ROWS)


def validate(raw: list[Any]) -> list[ReferenceRow]:
    """Every row checked; `ReferenceFileError` lists each problem, with its row. A key that
    repeats is not a problem: UNODC's own file repeats some (`domain.reference`)."""
    start = _header_row(raw)
    problems: list[Problem] = []
    rows: list[ReferenceRow] = []
    for number, cells in _data_rows(raw, start):
        row, found = _row(number, cells)
        problems += found
        if row is not None:
            rows.append(row)
    if problems:
        raise ReferenceFileError(problems)
    return rows


def _header_row(raw: list[Any]) -> int:
    """The index of the header row; a file without one is refused, naming what is missing."""
    for index, cells in enumerate(raw[:HEADER_SEARCH]):
        if tuple(_text(c) for c in list(cells)[: len(COLUMNS)]) == COLUMNS:
            return index
    first = next((r for r in raw[:HEADER_SEARCH] if any(_text(c) for c in r)), ())
    got = [_text(c) for c in first]
    missing = [c for c in COLUMNS if c not in got]
    raise ReferenceFileError(
        [
            Problem(
                1,
                "header",
                "no header row with the columns "
                + ", ".join(COLUMNS)
                + (f" (missing: {', '.join(missing)})" if missing else " in this order"),
            )
        ]
    )


def _data_rows(raw: list[Any], header: int) -> Iterator[tuple[int, list[Any]]]:
    for index in range(header + 1, len(raw)):
        cells = list(raw[index])
        if any(_text(c) for c in cells):  # blank lines are skipped
            yield index + 1, cells


def _row(number: int, cells: list[Any]) -> tuple[ReferenceRow | None, list[Problem]]:
    values = dict(zip(COLUMNS, [*cells, *[None] * len(COLUMNS)], strict=False))
    problems: list[Problem] = []
    text = {column: _text(values[column]) for column in COLUMNS}
    for column in COLUMNS:
        if column not in OPTIONAL and not text[column]:
            problems.append(Problem(number, column, "empty"))
        elif len(text[column]) > MAX_FIELD:
            problems.append(Problem(number, column, f"longer than {MAX_FIELD} characters"))
    iso3 = text["Iso3_code"]
    if iso3 and not (len(iso3) == 3 and iso3.isascii() and iso3.isalpha() and iso3.isupper()):
        problems.append(Problem(number, "Iso3_code", f"not a three-letter code: {iso3!r}"))
    year = _year(values["Year"])
    if text["Year"] and year is None:
        problems.append(Problem(number, "Year", f"not a year: {text['Year']!r}"))
    value = text["txtVALUE"]
    if value and (len(value) > MAX_TEXT or not is_published_value(value)):
        problems.append(
            Problem(number, "txtVALUE", f"neither a number nor a range such as <5: {value[:40]!r}")
        )
    if problems or year is None:
        return None, problems
    return _reference_row(number, text, year), []


def _reference_row(number: int, text: dict[str, str], year: int) -> ReferenceRow:
    return ReferenceRow(
        row=number,
        iso3=text["Iso3_code"],
        country=text["Country"],
        region=text["Region"],
        subregion=text["Subregion"],
        indicator=text["Indicator"],
        dimension=text["Dimension"],
        category=text["Category"],
        sex=text["Sex"],
        age=text["Age"],
        year=year,
        unit=text["Unit of measurement"],
        text=text["txtVALUE"],
        source=text["Source"],
    )


def _text(value: Any) -> str:
    """A cell as text: numbers without a trailing ".0", text stripped (and un-quoted, for a
    file that `stats export` wrote)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(restore_cell(value)).strip()


def _year(value: Any) -> int | None:
    text = _text(value)
    if not text.isdigit():
        return None
    year = int(text)
    return year if 1900 <= year <= 2100 else None
