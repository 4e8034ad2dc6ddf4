"""Every spreadsheet the monitoring pages hand out neutralises formulas a user typed: the
bulk template, the quarterly and mid-term reports and an organisation's report card."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lidhja.evaluation.domain import services as evaluation
from lidhja.indicators.domain import services as indicators
from lidhja.indicators.models import Indicator
from lidhja.monitoring.domain import services
from lidhja.monitoring.interfaces.documents import build_document
from lidhja.monitoring.models import Obligation, ProgressReport
from lidhja.organisations.models import Organisation

TYPED = '=HYPERLINK("http://x")'
NEUTRAL = "'" + TYPED


def _cells(content: bytes) -> list:
    """Every non-empty cell of every sheet, as openpyxl reads it back (value and kind)."""
    book = load_workbook(BytesIO(content))
    return [
        (cell.value, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value not in (None, "")
    ]


@pytest.fixture
def typed(persona, seed_plan):
    """A report, an activity, an indicator and a remedial action holding the formula."""
    focal, onac = persona("focal_asp"), persona("onac")
    obligation = (
        Obligation.objects.filter(period__code="2009Q1", organisation__code="ASP", role="lead")
        .select_related("node")
        .first()
    )
    services.save_report(
        obligation,
        {
            "implementation_status": "on_track",
            "narrative": TYPED,
            "outputs_achieved": "-2+3",
            "expenditure": Decimal("1250.50"),
            "currency": "ALL",
            "funding_source": "state",
        },
        version=None,
        by=focal,
    )
    obligation.node.text = TYPED  # a plan's text comes from a file someone wrote
    obligation.node.save(update_fields=["text"])
    indicator = Indicator.objects.filter(node__plan=seed_plan, computation="").first()
    indicators.update_indicator(
        indicator, version=indicator.version, by=onac, name=TYPED, target=Decimal("10")
    )
    evaluation.open_action(
        obligation.node,
        description=TYPED,
        owner=Organisation.objects.get(code="ASP"),
        due_date=date(2009, 9, 30),
        by=onac,
    )
    return obligation


def _assert_neutral(cells: list) -> None:
    assert (NEUTRAL, "s") in cells
    assert all(not str(value).startswith("=") for value, _ in cells)
    assert all(kind != "f" for _, kind in cells)


def test_the_bulk_template_neutralises_the_narrative_and_keeps_numbers(client_for, typed):
    response = client_for("focal_asp").get(reverse("monitoring:bulk_template", args=["2009Q1"]))
    cells = _cells(response.content)
    _assert_neutral(cells)
    assert ("'-2+3", "s") in cells
    assert (1250.5, "n") in cells


def test_the_bulk_template_uploads_back_to_what_was_typed(client_for, typed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("focal_asp")
    content = client.get(reverse("monitoring:bulk_template", args=["2009Q1"])).content
    response = client.post(
        reverse("monitoring:bulk", args=["2009Q1"]),
        {"file": SimpleUploadedFile("reports.xlsx", content)},
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(obligation=typed)
    assert (report.narrative, report.outputs_achieved) == (TYPED, "-2+3")


@pytest.mark.parametrize("kind", ["quarterly", "midterm"])
def test_the_monitoring_reports_neutralise_typed_text(typed, seed_plan, kind):
    document = build_document(kind, "xlsx", plan=seed_plan, period=typed.period, lang="en")
    book = load_workbook(BytesIO(document.content))
    _assert_neutral(_cells(document.content))
    activities = [r[2] for r in book["Activities"].iter_rows(min_row=2, values_only=True)]
    assert activities.count(NEUTRAL) == 1
    if kind == "midterm":
        sheet = book["Indicators"]
        assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == [NEUTRAL]
        sheet = book["Remedial actions"]
        assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == [NEUTRAL]


def test_the_report_card_neutralises_typed_text(typed, seed_plan):
    document = build_document(
        "card",
        "xlsx",
        plan=seed_plan,
        period=typed.period,
        lang="en",
        organisation=typed.organisation,
    )
    _assert_neutral(_cells(document.content))
