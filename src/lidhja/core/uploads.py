"""Reading uploaded files without trusting them: the size is checked before a byte is read into
memory, and spreadsheets are read no further than a row cap and an unpacked-size cap, so a
small file that unpacks to millions of rows (a "zip bomb") is refused before it is parsed.

The caps live in the settings (`LIDHJA_UPLOAD_MAX_MB`, `LIDHJA_UPLOAD_MAX_ROWS`,
`LIDHJA_UPLOAD_MAX_UNCOMPRESSED_MB`); every reader of an uploaded or imported table (bulk
reports, plan import) goes through `read_xlsx_rows` or `read_csv_rows`.
"""

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _

# Deflate rarely packs a real workbook more than about 20 to 1; far beyond that is a bomb.
MAX_RATIO = 100
# Below this much unpacked content, any ratio is harmless.
RATIO_FLOOR = 1024 * 1024

Source = bytes | Path | IO[bytes]


class UploadRefused(ValueError):
    """The file is too large, unpacks too large, or holds too many rows; the message says
    which, in the user's language."""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def too_large(size: int, max_bytes: int | None = None) -> str | None:
    """The refusal of a file of `size` bytes, or None when it is within the limit."""
    limit = settings.LIDHJA_UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    if size > limit:
        return _("The file is larger than %(size)s MB.") % {"size": _megabytes(limit)}
    return None


def read_upload(upload, max_bytes: int | None = None) -> bytes:
    """The content of an uploaded file (Django's `UploadedFile`), after its size is checked."""
    if message := too_large(upload.size, max_bytes):
        raise UploadRefused(message)
    return upload.read()


def read_path(path: Path, max_bytes: int | None = None) -> bytes:
    """The content of a file on disk (a plan to import), after its size is checked."""
    if message := too_large(path.stat().st_size, max_bytes):
        raise UploadRefused(message)
    return path.read_bytes()


class BoundedFileField(forms.FileField):
    """A file field that refuses a file above the size limit as a form error on the field,
    before the view reads it."""

    def __init__(self, *args, max_bytes: int | Callable[[], int] | None = None, **kwargs):
        self.max_bytes = max_bytes  # a callable reads the setting when the form is used
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        limit = self.max_bytes() if callable(self.max_bytes) else self.max_bytes
        if upload and (message := too_large(upload.size, limit)):
            raise forms.ValidationError(message, code="too_large")
        return upload


def check_zip(source: Source, max_uncompressed: int | None = None) -> None:
    """Refuse a ZIP container (XLSX, DOCX) whose members declare more unpacked content than the
    cap, or pack it suspiciously well. The declared sizes bound what `zipfile` will ever
    inflate: it stops at a member's declared size."""
    limit = (
        settings.LIDHJA_UPLOAD_MAX_UNCOMPRESSED_BYTES
        if max_uncompressed is None
        else max_uncompressed
    )
    try:
        with zipfile.ZipFile(_binary(source)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadRefused(_("The file is not a readable XLSX workbook.")) from exc
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if unpacked > limit:
        raise UploadRefused(
            _("The file unpacks to more than %(size)s MB.") % {"size": _megabytes(limit)}
        )
    if unpacked > RATIO_FLOOR and unpacked > MAX_RATIO * max(packed, 1):
        raise UploadRefused(_("The file is packed suspiciously tightly; it is not read."))


def count_sheet_rows(source: Source, max_rows: int | None = None) -> int:
    """The rows of an XLSX, counted in one streaming pass over its XML parts that stops at the
    cap. openpyxl parses a whole sheet on opening when the sheet does not state its dimensions,
    so the cap must hold before openpyxl sees the file. Every part is counted, wherever the
    workbook says its sheets are."""
    count = 0
    try:
        with zipfile.ZipFile(_binary(source)) as archive:
            for member in archive.infolist():
                if not member.filename.lower().endswith(".xml"):
                    continue
                with archive.open(member) as stream:
                    for found in _row_tags(stream):
                        count += found
                        check_row_count(count, max_rows)
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        RuntimeError,
        NotImplementedError,
        zlib.error,
    ) as exc:
        # a damaged, encrypted or oddly compressed part: openpyxl would not read it either
        raise UploadRefused(_("The file is not a readable XLSX workbook.")) from exc
    return count


# A row element, with or without a namespace prefix (not "<rowBreaks" or "<rowFields").
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?row[\s/>]")


def _row_tags(stream: IO[bytes], chunk: int = 256 * 1024) -> Iterator[int]:
    """How many row tags each chunk of `stream` holds; a tag cut between two chunks counts once."""
    tail = b""
    while block := stream.read(chunk):
        data = tail + block
        yield len(_ROW_TAG.findall(data))
        # Carry over the last "<" when no whole tag starts there: it may be cut in two.
        cut = data.rfind(b"<", max(0, len(data) - 40))
        tail = data[cut:] if cut >= 0 and not _ROW_TAG.match(data, cut) else b""


def _binary(source: Source) -> Path | IO[bytes]:
    if isinstance(source, bytes):
        return io.BytesIO(source)
    if isinstance(source, Path):
        return source
    source.seek(0)
    return source


def check_row_count(count: int, max_rows: int | None = None) -> None:
    """Refuse a file once `count` rows have been read from it and the cap is passed."""
    limit = settings.LIDHJA_UPLOAD_MAX_ROWS if max_rows is None else max_rows
    if count > limit:
        raise UploadRefused(_("The file has more than %(rows)s rows.") % {"rows": limit})


class _RowCap:
    """Counts the rows read from one file, across its sheets, and stops at the cap."""

    def __init__(self, max_rows: int | None):
        self.limit = max_rows
        self.count = 0

    def read(self, rows: Iterable[Any]) -> Iterator[Any]:
        for row in rows:
            self.count += 1
            check_row_count(self.count, self.limit)
            yield row


def read_xlsx_rows(
    source: Source, *, max_rows: int | None = None, max_uncompressed: int | None = None
) -> list[tuple[Any, ...]]:
    """The rows (values only) of the first sheet, header included. The container is checked
    before openpyxl opens it, and reading stops at the row cap."""
    sheets = xlsx_sheets(source, [], max_rows=max_rows, max_uncompressed=max_uncompressed)
    return next(iter(sheets.values()))


def xlsx_sheets(
    source: Source,
    names: list[str],
    *,
    max_rows: int | None = None,
    max_uncompressed: int | None = None,
) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of the first sheet and of the sheets named (those present), by sheet title,
    the first sheet first. The row cap counts every row read from the file."""
    from openpyxl import load_workbook  # only once the container is known to be sane

    check_zip(source, max_uncompressed)
    count_sheet_rows(source, max_rows)
    try:
        book = load_workbook(_binary(source), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise UploadRefused(_("The file is not a readable XLSX workbook.")) from exc
    cap = _RowCap(max_rows)
    try:
        if not book.sheetnames:
            raise UploadRefused(_("The file is not a readable XLSX workbook."))
        titles = [book.sheetnames[0], *(n for n in names if n in book.sheetnames)]
        return {
            title: list(cap.read(book[title].iter_rows(values_only=True)))
            for title in dict.fromkeys(titles)
        }
    finally:
        book.close()


def read_csv_rows(text: str, *, max_rows: int | None = None) -> list[list[str]]:
    """The rows of CSV text, header included, read no further than the row cap."""
    try:
        return list(_RowCap(max_rows).read(csv.reader(io.StringIO(text))))
    except csv.Error as exc:
        raise UploadRefused(_("The file is not readable CSV.")) from exc
