"""`lidhja stats export`: Lidhja's figures in UNODC's GLOTIP layout (read back by the importer),
and k-anonymous CTDC records that hold no code, no date finer than a year, no free text."""

import csv
import io
import re

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from lidhja.audit.models import AuditEntry
from lidhja.cases.models import Case
from lidhja.exchange.domain import ctdc
from lidhja.exchange.domain.kanon import smallest_class
from lidhja.exchange.domain.reference import COLUMNS
from lidhja.exchange.models import ReferenceValue
from tests.exchange.helpers import add_case, add_cases, bulk_register, publish_year


def export(*args) -> str:
    out = io.StringIO()
    call_command("stats", "export", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def register_2009(db, settings):
    """Published 2009: every group in every quarter but the two boys (the first quarter only,
    so hidden in the year)."""
    settings.LIDHJA_PUBLICATION_THRESHOLD = 1
    for month in (2, 5, 8, 11):
        add_cases(3, year=2009, sex="female", band="25-34", month=month)
        add_cases(2, year=2009, sex="female", band="15-17", month=month)
        add_cases(2, year=2009, sex="male", band="18-24", month=month)
        add_case(year=2009, kind="at_risk", month=month)
    add_cases(2, year=2009, sex="male", band="12-14")
    publish_year(2009)


@pytest.mark.django_db
def test_glotip_xlsx_has_unodc_s_layout_and_reads_back(register_2009, tmp_path):
    path = tmp_path / "glotip-2009.xlsx"
    export("--standard", "glotip", "--year", "2009", "--format", "xlsx", "-o", str(path))
    book = load_workbook(path, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert rows[2] == COLUMNS  # two title rows, the header on row 3, as UNODC's file
    data = {(r[7], r[8]): r[11] for r in rows[3:]}
    assert rows[3][:5] == (
        "ALB",
        "Albania",
        "Europe",
        "Southern Europe",
        "Detected trafficking victims",
    )
    # The boys are hidden on the statistics page: left out here too, never "<5"; and so is
    # every cell that would give them back (men less men adults, children less girls, ...).
    assert data == {
        ("Total", "Total"): "30",
        ("Total", "18 years or over"): "20",
        ("Total", "0 to 17 years"): "10",
        ("Female", "Total"): "20",
        ("Male", "Total"): "10",
    }
    # The importer takes the export as it takes UNODC's file.
    call_command("stats", "import-unodc", str(path), "--series", "lidhja", stdout=io.StringIO())
    back = {(v.sex, v.age): v.text for v in ReferenceValue.objects.filter(batch__series="lidhja")}
    assert back == data
    entry = AuditEntry.objects.get(action="exchange.exported")
    assert entry.changes == {
        "standard": "glotip",
        "year": 2009,
        "format": "xlsx",
        "rows": len(data),
    }


@pytest.mark.django_db
def test_glotip_csv_reads_back_too(register_2009, tmp_path):
    path = tmp_path / "glotip-2009.csv"
    export("--standard", "glotip", "--year", "2009", "--format", "csv", "-o", str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(COLUMNS)
    call_command("stats", "import-unodc", str(path), "--series", "lidhja", stdout=io.StringIO())
    assert ReferenceValue.objects.count() == len(lines) - 1


@pytest.mark.django_db
def test_glotip_of_a_year_not_published_is_refused(tmp_path):
    add_cases(6, year=2009)
    with pytest.raises(CommandError, match="2009 is not published"):
        export("--standard", "glotip", "--year", "2009", "-o", str(tmp_path / "x.xlsx"))
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.django_db
def test_glotip_needs_a_year(tmp_path):
    with pytest.raises(CommandError, match="--year"):
        export("--standard", "glotip", "-o", str(tmp_path / "x.xlsx"))


@pytest.mark.django_db
def test_ctdc_export_of_a_large_register_is_k_anonymous(tmp_path, settings):
    settings.LIDHJA_CTDC_K = 11
    bulk_register(3000)
    path = tmp_path / "ctdc.csv"
    export("--standard", "ctdc", "-o", str(path))
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == ctdc.COLUMNS
    body = [tuple(r) for r in rows[1:]]
    # Every combination of the quasi-identifiers (all the columns) stands for 11 persons or more.
    assert smallest_class(body) >= 11
    entry = AuditEntry.objects.get(action="exchange.exported")
    assert len(body) + entry.changes["suppressed"] == 3000
    assert entry.changes["suppressed"] < 300  # generalised first, suppressed last
    # No code, no date finer than a year, no free text.
    codes = set(Case.objects.values_list("code", flat=True)[:3000])
    assert not any(cell in codes for row in body for cell in row)
    assert not re.search(r"C-[A-Z0-9]{8}|\d{4}-\d{2}-\d{2}|Demo-|Synthetic", text)
    allowed = re.compile(r"^(|\d{4}|\d{4}-\d{4}|Female|Male|Adult|Minor|1|[A-Za-z /;-]+)$")
    assert all(allowed.match(cell) for row in body for cell in row)
    years = {row[0] for row in body}
    assert all(re.fullmatch(r"|\d{4}|\d{4}-\d{4}", y) for y in years)


@pytest.mark.django_db
def test_ctdc_export_counts_a_person_once(tmp_path, settings):
    settings.LIDHJA_CTDC_K = 2
    cases = add_cases(4, year=2009, sex="female", countries=("IT",))
    add_cases(1, year=2010, person=cases[0].person)  # a second case of the same person
    path = tmp_path / "ctdc.csv"
    export("--standard", "ctdc", "-o", str(path))
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(rows) == 4
    assert {
        (
            r["yearRegister"],
            r["gender"],
            r["majorityStatus"],
            r["isSexualExploit"],
            r["UN_COO_Region"],
            r["UN_COE_Region"],
            r["IP_Exploiter"],
        )
        for r in rows
    } == {("2009", "Female", "Adult", "1", "Southern Europe", "Southern Europe", "")}
