"""One style of dates and numbers per language, everywhere (issue 11, part 5).

The exact values first: a date, a short date, a date and time, a count, an amount and a
percentage in English and in Albanian, as `lidhja.core.figures`, the template filters and
Django's own `|date` write them. Then a scan of the shared page walk (tests/web/walk.py, the
demo data served once): every page each role reaches, in Albanian as the browser loaded it and
in English as the same user fetches it, is searched for stray formats (a US date, a.m./p.m.,
an ISO date, an Albanian month name in capitals, an ungrouped amount); so are the quarterly
report's PDF text and its XLSX cells, downloaded from the same server.
"""

import re
from datetime import date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import MONTHS, MONTHS_ALT
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from lidhja.core import figures
from lidhja.core.sheets import format_cells
from tests.web.walk import get

NBSP = "\xa0"
DAY = date(2026, 11, 29)
MOMENT = datetime(2026, 11, 29, 14, 5)

EXACT = {
    "en": {
        "day": "29 November 2026",
        "short": "29 Nov 2026",
        "moment": "29 November 2026, 14:05",
        "short moment": "29 Nov 2026, 14:05",
        "count": "15,141",
        "amount": "15,141,000.00",
        "lek": f"15,141,000.00{NBSP}lek",
        "percent": f"40.5{NBSP}%",
        "whole percent": f"50.0{NBSP}%",
    },
    "sq": {
        "day": "29 nëntor 2026",
        "short": "29.11.2026",
        "moment": "29 nëntor 2026, 14:05",
        "short moment": "29.11.2026, 14:05",
        "count": f"15{NBSP}141",
        "amount": f"15{NBSP}141{NBSP}000,00",
        "lek": f"15{NBSP}141{NBSP}000,00{NBSP}lekë",
        "percent": f"40,5{NBSP}%",
        "whole percent": f"50,0{NBSP}%",
    },
}


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_exact_values_in_each_language(lang):
    with translation.override(lang):
        written = {
            "day": figures.day(DAY),
            "short": figures.day(DAY, short=True),
            "moment": figures.moment(MOMENT),
            "short moment": figures.moment(MOMENT, short=True),
            "count": figures.count(15141),
            "amount": figures.amount(Decimal("15141000")),
            "lek": figures.lek(Decimal("15141000")),
            "percent": figures.percent(40.5),
            "whole percent": figures.percent(Decimal("50.0")),
        }
    assert written == EXACT[lang]


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_report_sections_write_each_column_by_its_kind(lang):
    """The tables other modules add to the monitoring reports (resources, campaigns,
    indicators) write counts, amounts and percentages in the reader's language; a year stays
    a year and a missing figure is a dash."""
    from django.template.loader import render_to_string

    from lidhja.monitoring.domain.sections import Section, amount, count, percent

    section = Section(
        "resources",
        "Resources",
        ["Year", amount("Spent"), count("People reached"), percent("National share")],
        [(2008, Decimal("15141000"), 15141, Decimal("40.5")), (2009, None, 0, None)],
    )
    with translation.override(lang):
        html = render_to_string(
            "monitoring/documents/_sections.html", {"sections": [(section, False)]}
        )
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html)
    e = EXACT[lang]
    assert cells == ["2008", e["amount"], e["count"], e["percent"], "2009", "–", "0", "–"]
    assert html.count('class="num"') == 3 + 2 * 3  # headings and cells of the figures


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_templates_write_the_same_values(lang):
    template = Template(
        "{% load figures %}{{ d|date:'DATE_FORMAT' }}|{{ d|date:'SHORT_DATE_FORMAT' }}|"
        "{{ m|date:'DATETIME_FORMAT' }}|{{ m|date:'SHORT_DATETIME_FORMAT' }}|{{ m|time }}|"
        "{{ n|count }}|{{ x|amount }}|{{ x|lek }}|{{ p|percent }}|"
        "{{ none|percent|default_if_none:'–' }}"
    )
    context = {"d": DAY, "m": MOMENT, "n": 15141, "x": Decimal("15141000"), "p": 40.5}
    with translation.override(lang):
        text = template.render(Context({**context, "none": None}))
    e = EXACT[lang]
    assert text == "|".join(
        [
            e["day"],
            e["short"],
            e["moment"],
            e["short moment"],
            "14:05",
            e["count"],
            e["amount"],
            e["lek"],
            e["percent"],
            "–",
        ]
    )


def test_albanian_month_names_are_lower_case_in_running_and_standalone_use():
    with translation.override("sq"):
        names = [str(m) for m in MONTHS.values()]
        alone = [str(m) for m in MONTHS_ALT.values()]
    expected = "janar shkurt mars prill maj qershor korrik gusht shtator tetor nëntor dhjetor"
    assert names == alone == expected.split()


@pytest.mark.parametrize(("lang", "day_code"), [("en", "d mmm yyyy"), ("sq", "dd.mm.yyyy")])
def test_spreadsheet_cells_are_real_dates_and_grouped_numbers(lang, day_code):
    book = Workbook()
    sheet = book.active
    sheet.append(["Year", "Day", "When", "Count", "Amount", "Share", "Text"])
    sheet.append([2009, DAY, MOMENT, 15141, Decimal("15141000.00"), 40.5, "x"])
    sheet.append([2010, DAY, MOMENT, 3, Decimal("2.50"), 0.0, "y"])
    format_cells(book, lang)
    row = sheet[2]
    assert [c.number_format for c in row] == [
        "General",  # a year is not 2,009
        day_code,
        f"{day_code} hh:mm",
        "#,##0",
        "#,##0.00",
        "#,##0.0",
        "General",
    ]
    assert isinstance(row[1].value, date)


# --- The scan ---------------------------------------------------------------------------

# Every app's pages must be among those walked (url names).
MUST_SEE = {
    "plans:list",
    "plans:tree",
    "plans:node",
    "monitoring:dashboard",
    "monitoring:quarterly",
    "monitoring:compliance",
    "cases:list",
    "cases:detail",
    "justice:list",
    "justice:detail",
    "publication:index",
    "coordination:bodies",
    "coordination:meeting",
    "regional:home",
    "trainings:events",
    "trainings:event",
    "helpline:calls",
    "campaigns:list",
    "campaigns:detail",
    "resources:summary",
    "audit:log",
}

US_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
TWELVE_HOUR = re.compile(r"\b[ap]\.\s?m\.|\b\d{1,2}(:\d\d)?\s?[AP]M\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
ALBANIAN_MONTHS = "Janar Shkurt Mars Prill Maj Qershor Korrik Gusht Shtator Tetor Nëntor Dhjetor"
CAPITAL_MONTH = re.compile(r"\d\.? (" + "|".join(ALBANIAN_MONTHS.split()) + r")\b")
UNGROUPED = re.compile(r"(?<![\d.,\xa0 ])\d{5,}")


class VisibleText(HTMLParser):
    """The text a reader sees (no attributes, scripts or styles), and the text of the number
    cells (`class="num"`/`"number"`) apart."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.cells: list[str] = []
        self._hidden = 0
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in {"script", "style", "template"}:
            self._hidden += 1
        if tag in {"td", "th"} and set((values.get("class") or "").split()) & {"num", "number"}:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"}:
            self._hidden -= 1
        if tag in {"td", "th"} and self._cell is not None:
            self.cells.append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._hidden:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def stray_formats(text: str, cells: list[str], lang: str) -> list[str]:
    found = [m.group(0) for rx in (US_DATE, TWELVE_HOUR, ISO_DATE) for m in rx.finditer(text)]
    if lang == "sq":
        found += [m.group(0) for m in CAPITAL_MONTH.finditer(text)]
    found += [cell for cell in cells if UNGROUPED.search(cell)]
    return found


def _page_problems(html: str, lang: str) -> list[str]:
    page = VisibleText()
    page.feed(html)
    return stray_formats(" ".join(page.text), page.cells, lang)


def _quarterly(site, lang: str, fmt: str) -> bytes:
    url = reverse("monitoring:quarterly_download", args=[site.period, fmt])
    return get(site, "demo.onac", f"{url}?lang={lang}", lang)


def _pdf_problems(site, lang: str) -> list[str]:
    reader = PdfReader(BytesIO(_quarterly(site, lang, "pdf")))
    text = " ".join(page.extract_text() for page in reader.pages)
    with translation.override(lang):
        generated = figures.day(timezone.localdate())
    assert generated in " ".join(text.split())  # "Generated by Lidhja on 30 November 2026, …"
    return stray_formats(text, [], lang)


def _xlsx_problems(site, lang: str) -> list[str]:
    """Dates are real dates shown day-month-year, numbers from 10 000 up are grouped, and no
    text cell carries a stray format."""
    day_code = {"en": "d mmm yyyy", "sq": "dd.mm.yyyy"}[lang]
    book = load_workbook(BytesIO(_quarterly(site, lang, "xlsx")))
    problems, dates, texts = [], 0, []
    for sheet in book.worksheets:
        for cell in (cell for row in sheet.iter_rows() for cell in row):
            value, code = cell.value, cell.number_format
            if isinstance(value, datetime | date):
                dates += 1
                if code not in {day_code, f"{day_code} hh:mm"}:
                    problems.append(f"{sheet.title}!{cell.coordinate} {code}")
            elif isinstance(value, int | float) and abs(value) >= 10000 and "#,##0" not in code:
                problems.append(f"{sheet.title}!{cell.coordinate} {value} {code}")
            elif isinstance(value, str):
                texts.append(value)
    assert dates > 0  # the report's due date at least
    return problems + stray_formats(" ".join(texts), [], lang)


@pytest.mark.browser
@pytest.mark.xdist_group("walk")
def test_no_stray_date_or_number_format_on_any_page(site_walk):
    """Every page of the shared walk (tests/web/walk.py: the demo data, with cases at every
    stage, meetings, trainings, calls, campaigns and reports), in Albanian as the browser
    loaded it and in English as the same user fetches it."""
    assert MUST_SEE - site_walk.names() == set()
    problems = {}
    for page in site_walk.pages:
        for lang, html in (("sq", page.html_sq), ("en", page.html_en)):
            found = _page_problems(html, lang)
            if found:
                problems[f"{lang} {page.path}"] = found
    assert problems == {}


@pytest.mark.browser
@pytest.mark.xdist_group("walk")
@pytest.mark.parametrize("lang", ["en", "sq"])
def test_no_stray_date_or_number_format_in_the_quarterly_documents(demo_site, lang):
    assert _pdf_problems(demo_site, lang) == []
    assert _xlsx_problems(demo_site, lang) == []
