"""Uploaded spreadsheets are read no further than the caps: the size before reading, the
unpacked size before parsing, the rows while reading."""

import tracemalloc
import zipfile
from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lidhja.core import uploads
from lidhja.core.uploads import (
    BoundedFileField,
    UploadRefused,
    read_csv_rows,
    read_upload,
    read_xlsx_rows,
)

# Its module fixture is built once: every test of this file runs on the same worker.
pytestmark = pytest.mark.xdist_group("uploads")

MB = 1024 * 1024
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="reports" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
    ),
}
ROW = b'<row><c t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c></row>'


def sheet_xlsx(rows: int, where: str = "worksheets/sheet1.xml") -> bytes:
    """A valid workbook of `rows` identical rows, its sheet written by hand (at `where` under
    xl/): so repetitive that deflate packs a million rows into under 200 kB."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text.replace("worksheets/sheet1.xml", where))
        with archive.open(f"xl/{where}", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            block = ROW * 10_000
            for _ in range(rows // 10_000):
                sheet.write(block)
            sheet.write(ROW * (rows % 10_000))
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def million_rows() -> bytes:
    return sheet_xlsx(1_000_000)


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fails the test if openpyxl is asked to open a workbook."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened the file")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_a_small_file_of_a_million_rows_is_refused_unparsed(million_rows, no_openpyxl):
    assert 100_000 < len(million_rows) < 200_000
    tracemalloc.start()
    try:
        with pytest.raises(UploadRefused) as refusal:
            read_xlsx_rows(million_rows)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(refusal.value) == "The file unpacks to more than 50 MB."
    assert peak < 2 * MB  # the rows were never inflated (they are 65 MB)


@pytest.mark.django_db
def test_the_bulk_upload_page_refuses_it_as_a_file_error(client_for, million_rows, no_openpyxl):
    response = client_for("focal_asp").post(
        reverse("monitoring:bulk", args=["2009Q1"]),
        {"file": SimpleUploadedFile("reports.xlsx", million_rows)},
    )
    assert response.status_code == 400
    assert [(p.row, p.field, p.message) for p in response.context["problems"]] == [
        (0, "file", "The file unpacks to more than 50 MB.")
    ]


def test_a_million_rows_within_the_unpacked_cap_stop_at_the_row_cap(
    million_rows, settings, monkeypatch, no_openpyxl
):
    settings.LIDHJA_UPLOAD_MAX_UNCOMPRESSED_BYTES = 200 * MB
    settings.LIDHJA_UPLOAD_MAX_ROWS = 1000
    monkeypatch.setattr(uploads, "MAX_RATIO", 10_000)  # lifted, to reach the row cap
    with pytest.raises(UploadRefused) as refusal:
        read_xlsx_rows(million_rows)
    assert str(refusal.value) == "The file has more than 1000 rows."


def test_rows_up_to_the_cap_are_read(settings):
    settings.LIDHJA_UPLOAD_MAX_ROWS = 1000
    assert read_xlsx_rows(sheet_xlsx(1000)) == [("x", 1)] * 1000
    with pytest.raises(UploadRefused) as refusal:
        read_xlsx_rows(sheet_xlsx(1001))
    assert str(refusal.value) == "The file has more than 1000 rows."


def test_a_sheet_kept_outside_the_usual_folder_is_counted_too(settings, no_openpyxl):
    settings.LIDHJA_UPLOAD_MAX_ROWS = 1000
    with pytest.raises(UploadRefused) as refusal:
        read_xlsx_rows(sheet_xlsx(1001, where="hidden/data.xml"))
    assert str(refusal.value) == "The file has more than 1000 rows."


def test_a_damaged_workbook_is_refused_as_unreadable(no_openpyxl):
    content = bytearray(sheet_xlsx(10))
    start = content.index(b"xl/worksheets/sheet1.xml") + 40  # inside the sheet's packed data
    content[start : start + 8] = b"\xff" * 8
    with pytest.raises(UploadRefused) as refusal:
        read_xlsx_rows(bytes(content))
    assert str(refusal.value) == "The file is not a readable XLSX workbook."


def test_the_row_count_sees_tags_cut_between_chunks():
    stream = BytesIO(b"<x:row r='1'/>" + ROW * 999)
    assert sum(uploads._row_tags(stream, chunk=7)) == 1000


def test_a_file_packed_too_tightly_is_refused_unparsed(no_openpyxl):
    content = sheet_xlsx(100_000)  # 6.5 MB of rows in a few kB: under the size cap
    with pytest.raises(UploadRefused) as refusal:
        read_xlsx_rows(content)
    assert str(refusal.value) == "The file is packed suspiciously tightly; it is not read."


def test_a_csv_with_too_many_rows_is_refused_at_the_cap(settings):
    settings.LIDHJA_UPLOAD_MAX_ROWS = 3
    assert read_csv_rows("id\n1\n2\n") == [["id"], ["1"], ["2"]]
    with pytest.raises(UploadRefused) as refusal:
        read_csv_rows("id\n" + "1\n" * 1_000_000)
    assert str(refusal.value) == "The file has more than 3 rows."


class Unreadable:
    """An upload that fails the test if read: its size must be checked first."""

    name = "big.xlsx"
    size = 11 * MB

    def read(self, *args):
        raise AssertionError("read before its size was checked")


def test_the_size_is_checked_before_the_file_is_read():
    with pytest.raises(UploadRefused) as refusal:
        read_upload(Unreadable())
    assert str(refusal.value) == "The file is larger than 10 MB."
    with pytest.raises(Exception) as error:
        BoundedFileField(max_bytes=MB).clean(Unreadable())
    assert error.value.messages == ["The file is larger than 1 MB."]


@pytest.mark.django_db
def test_the_bulk_page_refuses_a_large_file_on_the_field(client_for, settings):
    settings.LIDHJA_UPLOAD_MAX_BYTES = MB
    response = client_for("focal_asp").post(
        reverse("monitoring:bulk", args=["2009Q1"]),
        {"file": SimpleUploadedFile("reports.xlsx", b"PK\x03\x04" + b"x" * MB)},
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"file": ["The file is larger than 1 MB."]}
