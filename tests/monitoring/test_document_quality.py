"""Documents fit to send upward: a cover, contents and metadata in the PDF; whole activity
texts; no chart of one or two points; no table of zeros; XLSX sheets fitted, filtered, frozen
and named whole in the reader's language."""

import re
import shutil
import subprocess
from io import BytesIO

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from pypdf import PdfReader

from lidhja.monitoring.domain.periods import ensure_period
from lidhja.monitoring.domain.reporting import TrendPoint, midterm_report
from lidhja.monitoring.domain.sections import Section
from lidhja.monitoring.interfaces.documents import (
    SHEET_NAME_MAX,
    build_document,
    inline_charts,
    report_context,
    sheet_name,
)
from lidhja.monitoring.models import ReportingPeriod


@pytest.fixture
def period(db):
    return ensure_period("2009Q1")


@pytest.fixture
def midterm_pdf(period, seed_plan):
    return build_document("midterm", "pdf", plan=seed_plan, period=period, lang="sq").content


def test_the_pdf_has_a_cover_contents_and_its_real_title(midterm_pdf, seed_plan):
    reader = PdfReader(BytesIO(midterm_pdf))
    meta = reader.metadata
    assert meta.title == "Raporti i progresit në mes të afatit"
    assert meta.author == "Zyra e Koordinatorit Kombëtar kundër Trafikimit (ZKKT)"
    assert meta.subject.endswith("· 2009Q1")
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "Zyra e Koordinatorit Kombëtar kundër Trafikimit (ZKKT)" in cover
    assert "Raporti i progresit në mes të afatit" in cover
    assert "2009Q1 (1 janar 2009 – 31 mars 2009)" in cover
    activities = sum(1 for _ in midterm_report(seed_plan, ensure_period("2009Q1")).activities)
    assert f"Më 2009Q1 plani ka {activities} veprimtari: 0 të përfunduara" in cover
    contents = reader.pages[1].extract_text()
    assert "Përmbajtja" in contents
    assert "Veprimtari me afat të kaluar" in contents
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Raporti i progresit në mes të afatit" in outline


def test_one_or_two_periods_give_a_table_not_a_trend_chart(period, seed_plan):
    report = midterm_report(seed_plan, period)
    assert len(report.trend) == 1 and "trend_chart" not in inline_charts(report)
    three = [TrendPoint(p, 10, 5, 1) for p in [period, *ensure_periods()]]
    longer = type(report)(**{**report.__dict__, "trend": three})
    assert "<svg" in inline_charts(longer)["trend_chart"]


def ensure_periods() -> list[ReportingPeriod]:
    return [ensure_period("2009Q2"), ensure_period("2009Q3")]


def test_a_table_of_zeros_says_no_data(period, seed_plan):
    report = midterm_report(seed_plan, period)
    zeros = Section("resources", "Resources", ["Year", "Planned"], [(2009, 0), (2010, None)])
    filled = Section("resources", "Resources", ["Year", "Planned"], [(2009, 5)])
    empty = Section("campaigns", "Campaigns", ["Code"], [])
    shaped = type(report)(**{**report.__dict__, "sections": [zeros, filled, empty]})
    context = report_context(shaped, {})
    assert [blank for _section, blank in context["sections"]] == [True, False, True]
    assert context["trend_blank"] is False  # 3 533 reports owed in 2009Q1


def test_sheet_names_fit_whole_words():
    assert sheet_name("Resources: plan against spend (ALL)") == "Resources plan against spend"
    assert sheet_name("Summary", ["Summary"]) == "Summary (2)"
    long = "Vlerësimi dhe veprimet korrigjuese të planit kombëtar"
    assert len(sheet_name(long)) <= SHEET_NAME_MAX and long.startswith(sheet_name(long))


def test_xlsx_sheets_are_fitted_frozen_filtered_and_in_albanian(period, seed_plan):
    content = build_document("midterm", "xlsx", plan=seed_plan, period=period, lang="sq").content
    book = load_workbook(BytesIO(content))
    assert book.properties.creator == "Zyra e Koordinatorit Kombëtar kundër Trafikimit (ZKKT)"
    assert book.properties.title.startswith("Raporti i progresit në mes të afatit")
    with translation.override("sq"):
        whole = {str(_(name)) for name in ("Summary", "Activities", "Overdue", "Resources")}
    assert whole <= set(book.sheetnames)  # each named whole, in Albanian
    for name in book.sheetnames:
        assert len(name) <= SHEET_NAME_MAX
    activities = book["Veprimtaritë"]
    header = [cell.value for cell in activities[1]]
    assert header == ["Kapitulli", "Numri", "Veprimtari", "Institucioni drejtues", "Statusi"]
    assert activities.freeze_panes == "A2"
    assert activities.auto_filter.ref == activities.dimensions
    assert activities.column_dimensions["C"].width == 60  # long text: widest, wrapped
    assert activities["C2"].alignment.wrap_text
    assert 8 <= activities.column_dimensions["B"].width < 20
    trend = book.worksheets[1]
    assert trend["B2"].number_format == "#,##0" and trend["B2"].value == 3533
    assert trend["E2"].number_format == "#,##0.0"
    for sheet in book.worksheets[1:]:
        headers = {str(cell.value).lower() for cell in sheet[1]}
        assert not headers & {"key", "code", "status"}  # no internal code columns


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="poppler-utils is not installed (make test installs it)",
)
def test_a_printed_page_shows_every_activity_whole(midterm_pdf, seed_plan, tmp_path):
    """The page that begins the annex's list of the activities not overdue (most of them in
    2009Q1) is printed to PNG (pdftoppm) and read back (pdftotext): each activity that starts
    on the page is there in full."""
    source = tmp_path / "midterm.pdf"
    source.write_bytes(midterm_pdf)
    pages = PdfReader(BytesIO(midterm_pdf)).pages
    # The page after the heading lies wholly inside that table.
    heading = next(
        i for i in range(2, len(pages)) if "Veprimtaritë e tjera" in pages[i].extract_text()
    )
    number = heading + 2
    subprocess.run(  # noqa: S603 (fixed arguments)
        [
            str(shutil.which("pdftoppm")),
            "-png",
            "-r",
            "40",
            "-f",
            str(number),
            "-l",
            str(number),
            source,
            tmp_path / "p",
        ],
        check=True,
    )
    (png,) = tmp_path.glob("p-*.png")
    assert png.read_bytes().startswith(b"\x89PNG")
    text = subprocess.run(  # noqa: S603
        [str(shutil.which("pdftotext")), "-f", str(number), "-l", str(number), source, "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    flat = " ".join(text.split())
    report = midterm_report(seed_plan, ensure_period("2009Q1"))
    with translation.override("sq"):  # an activity's number is unique within its chapter
        shown = [
            line
            for line in report.activities
            if f"{line.node.get_chapter_display()} {line.node.code} – " in flat
        ]
    assert len(shown) >= 3

    def letters(value: str) -> str:  # pdftotext joins a word hyphenated at a line's end
        return re.sub(r"[\s\-]", "", value)

    for line in shown[1:-1]:  # the first and last may run over from or to another page
        # pdftotext may read the lead agency's cell in between the activity's lines.
        lead = letters(line.lead)
        assert letters(line.node.text).replace(lead, "") in letters(flat).replace(lead, ""), (
            line.node.code
        )


def test_the_annex_prints_every_activity_once_after_the_report(midterm_pdf, seed_plan):
    """The mid-term PDF is the report, then its annex (laid out in a helper process, numbered
    on its own): each activity's text is printed once, overdue or not, and the bookmarks lead
    to the annex's parts."""
    reader = PdfReader(BytesIO(midterm_pdf))
    texts = [page.extract_text() for page in reader.pages]
    assert "Shtojcë: veprimtaritë e planit" in texts[1]  # listed in the contents
    annex = next(i for i in range(2, len(texts)) if "Shtojcë: veprimtaritë e planit" in texts[i])
    assert all("Shtojcë: veprimtaritë e planit" not in text for text in texts[2:annex])
    assert texts[annex].rstrip().endswith("1 / " + str(len(texts) - annex))

    def letters(value: str) -> str:
        return re.sub(r"[\s\-]", "", value)

    report = letters(" ".join(texts[:annex]))
    printed = letters(" ".join(texts[annex:]))
    lines = midterm_report(seed_plan, ensure_period("2009Q1")).activities
    with translation.override("sq"):
        for line in lines:
            code = letters(f"{line.node.get_chapter_display()} {line.node.code}–")
            assert printed.count(code) == 1, line.node.code
            assert code not in report
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Shtojcë: veprimtaritë e planit" in outline
