"""`lidhja report statistics`: the joint three-monthly statistical report as PDF and XLSX."""

import io
import subprocess
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from lidhja.audit.models import AuditEntry
from lidhja.publication.models import Release
from tests.publication.helpers import add_register, many


@pytest.fixture
def quarter(db):
    add_register(many(9, identified_on=date(2009, 2, 1)))
    add_register(many(6, identified_on=date(2009, 2, 1), source="ngo", sex="male"))


@pytest.mark.django_db
def test_the_report_publishes_the_quarter_and_writes_a_pdf_in_albanian(quarter, tmp_path):
    out = io.StringIO()
    target = tmp_path / "report.pdf"
    call_command(
        "report", "statistics", "--period", "2009Q1", "--lang", "sq", "--format", "pdf",
        "-o", str(target), stdout=out,
    )  # fmt: skip
    assert "published 2009Q1" in out.getvalue()
    assert Release.objects.filter(period="2009Q1", published_by=None).exists()
    assert target.read_bytes().startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="statistics.report_exported").count() == 1
    try:
        text = subprocess.run(  # noqa: S603 (a fixed command on our own file)
            ["pdftotext", str(target), "-"],  # noqa: S607 (poppler from the PATH, our file)
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext is not installed")
    assert "Raporti i përbashkët statistikor tremujor 2009Q1" in text
    assert "Persona sipas gjinisë" in text


@pytest.mark.django_db
def test_the_report_as_xlsx_cites_its_definitions(quarter, tmp_path):
    target = tmp_path / "report.xlsx"
    call_command(
        "report", "statistics", "--period", "2009Q1", "--format", "xlsx", "-o", str(target),
        stdout=io.StringIO(),
    )  # fmt: skip
    book = load_workbook(target)
    summary = [[c.value for c in row] for row in book["Summary"].iter_rows()]
    assert summary[0][0] == "Statistics 2009Q1"
    assert any(row[:2] == ["victims.sex", 1] for row in summary)
    sex = [[c.value for c in row] for row in book["Persons by sex"].iter_rows()]
    assert ["Female", 9] in sex and ["Male", "–"] in sex  # 6 men hide the empty rows


@pytest.mark.django_db
def test_a_report_needs_a_period_that_has_ended(tmp_path):
    with pytest.raises(CommandError, match="has not ended"):
        call_command("report", "statistics", "--period", "2999Q1", "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="Give a year"):
        call_command("report", "statistics", "--period", "2009Q9", "-o", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="needs --period"):
        call_command("report", "statistics", "-o", str(tmp_path / "x.pdf"))
