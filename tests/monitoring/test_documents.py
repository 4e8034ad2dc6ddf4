"""The monitoring documents: the XLSX is read back and its figures checked against the
database; the PDF is read back for its text, in English and in Albanian."""

from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from pypdf import PdfReader

from lidhja.audit.models import AuditEntry
from lidhja.indicators.domain.computations import REGISTRY
from lidhja.indicators.models import Indicator
from lidhja.monitoring.domain import services
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.monitoring.interfaces.documents import build_document
from lidhja.monitoring.models import Obligation, ProgressReport
from lidhja.organisations.models import Organisation

REPORT = {
    "narrative": "Done.",
    "outputs_achieved": "",
    "currency": "ALL",
    "funding_source": "state",
    "donor": None,
}


@pytest.fixture
def reported(persona, monkeypatch):
    """2009Q1: ASP reports on four activities (two on time, one late, one accepted), MOI on one."""
    focal_asp, focal_moi, onac = persona("focal_asp"), persona("focal_moi"), persona("onac")
    period = ensure_period("2009Q1")
    asp = list(
        Obligation.objects.filter(period=period, organisation__code="ASP", role="lead").order_by(
            "node__position"
        )[:4]
    )
    moi = Obligation.objects.filter(period=period, organisation__code="MOI").first()
    plan = [
        (asp[0], focal_asp, "completed", 10, Decimal("1000")),
        (asp[1], focal_asp, "on_track", 12, Decimal("250.50")),
        (asp[2], focal_asp, "delayed", 30, None),
        (asp[3], focal_asp, "on_track", 2, None),
        (moi, focal_moi, "not_started", 14, None),
    ]
    reports = []
    for obligation, who, status, day, spend in plan:
        report = services.save_report(
            obligation,
            {**REPORT, "implementation_status": status, "expenditure": spend},
            version=None,
            by=who,
        )
        moment = (
            datetime(2009, 4, day, 8, tzinfo=UTC)
            if day < 30
            else datetime(2009, 5, 3, 8, tzinfo=UTC)
        )
        monkeypatch.setattr(services.timezone, "now", lambda moment=moment: moment)
        reports.append(services.transition(report, "submit", version=report.version, by=who))
        monkeypatch.undo()
    services.transition(reports[0], "accept", version=reports[0].version, by=onac)
    return period


SUMMARY_KEYS = {
    "Period": "period",
    "Periudha": "period",
    "Reports owed": "owed",
    "Raporte të detyrueshme": "owed",
    "Submitted on time": "on_time",
    "Dorëzuar në kohë": "on_time",
    "Submitted late": "late",
    "Dorëzuar me vonesë": "late",
    "Not submitted": "unsubmitted",
    "Pa u dorëzuar": "unsubmitted",
    "Accepted by ONAC": "accepted",
    "Pranuar nga Zyra e Koordinatorit Kombëtar": "accepted",
    "Status as of": "as_of",
    "Completed": "completed",
    "Organisation": "organisation",
}


def _summary(book):
    """The summary sheet's figures by label (the same labels in both languages)."""
    rows = book.worksheets[0].iter_rows(min_row=3, values_only=True)
    return {SUMMARY_KEYS.get(row[0], row[0]): row[1] for row in rows}


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_quarterly_xlsx_figures_match_the_database(reported, seed_plan, lang):
    document = build_document("quarterly", "xlsx", plan=seed_plan, period=reported, lang=lang)
    book = load_workbook(BytesIO(document.content), read_only=True)
    summary = _summary(book)
    owed = Obligation.objects.filter(period=reported).count()
    submitted = ProgressReport.objects.filter(
        obligation__period=reported, submitted_at__isnull=False
    )
    on_time = submitted.filter(submitted_on__lte=reported.due_date).count()
    assert summary["owed"] == owed == 3533
    assert (summary["on_time"], summary["late"]) == (on_time, submitted.count() - on_time) == (4, 1)
    assert summary["unsubmitted"] == owed - submitted.count()
    assert summary["accepted"] == ProgressReport.objects.filter(status="accepted").count() == 1
    assert summary[{"en": "On time (%)", "sq": "Në kohë (%)"}[lang]] == round(100 * 4 / 3533, 1)
    compliance = {row[0]: row for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    asp = Organisation.objects.get(code="ASP").short_name  # short names, not internal codes
    asp_owed = Obligation.objects.filter(period=reported, organisation__code="ASP").count()
    assert compliance[asp][2:7] == (asp_owed, 3, 1, asp_owed - 4, 1)
    assert compliance[Organisation.objects.get(code="MOI").short_name][3] == 1
    activities = {
        (r[0], r[1]): r[4] for r in book[book.sheetnames[3]].iter_rows(min_row=2, values_only=True)
    }
    with translation.override(lang):
        for report in ProgressReport.objects.filter(
            obligation__organisation__code="ASP"
        ).select_related("obligation__node"):
            node = report.obligation.node
            assert (
                activities[node.get_chapter_display(), node.code]
                == report.get_implementation_status_display()
            )
        no_report = str(_("No report"))
    assert sum(1 for status in activities.values() if status == no_report) == len(activities) - 5


def test_midterm_xlsx_has_trend_and_expenditure(reported, seed_plan):
    document = build_document("midterm", "xlsx", plan=seed_plan, period=reported, lang="en")
    book = load_workbook(BytesIO(document.content), read_only=True)
    summary = _summary(book)
    assert (summary["as_of"], summary["completed"]) == ("2009Q1", 1)
    assert "key" not in {row[0] for row in book.worksheets[0].iter_rows(values_only=True)}
    trend = list(book["Compliance trend"].iter_rows(min_row=2, values_only=True))
    assert trend == [("2009Q1", 3533, 4, 1, round(100 * 4 / 3533, 1))]
    spend = list(book["Expenditure"].iter_rows(min_row=2, values_only=True))
    assert spend == [("Prosecution and criminal justice", "ALL", 1250.5)]


@pytest.mark.parametrize(
    ("lang", "title"),
    [("en", "Quarterly monitoring report 2009Q1"), ("sq", "Raporti tremujor i monitorimit 2009Q1")],
)
def test_quarterly_pdf_in_both_languages(reported, seed_plan, lang, title):
    document = build_document("quarterly", "pdf", plan=seed_plan, period=reported, lang=lang)
    assert document.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(document.content)).pages)
    assert title in text
    assert {"en": "3,533", "sq": "3\xa0533"}[lang] in text  # grouped as the language does


def test_midterm_pdf_carries_the_charts(reported, seed_plan):
    document = build_document("midterm", "pdf", plan=seed_plan, period=reported, lang="sq")
    reader = PdfReader(BytesIO(document.content))
    assert "Raporti i progresit në mes të afatit" in reader.pages[0].extract_text()  # the cover
    text = reader.pages[2].extract_text()  # after the contents
    assert "Mbrojtja" in text  # a chapter name, drawn inside the chart and the table


def test_cli_writes_the_documents(reported, tmp_path):
    target = tmp_path / "q.xlsx"
    call_command(
        "report",
        "quarterly",
        "--period",
        "2009Q1",
        "--lang",
        "sq",
        "--format",
        "xlsx",
        "-o",
        str(target),
    )
    assert _summary(load_workbook(target, read_only=True))["owed"] == 3533
    call_command(
        "report",
        "midterm",
        "--plan",
        "nap-2008-2010",
        "--format",
        "pdf",
        "-o",
        str(tmp_path / "m.pdf"),
    )
    assert (tmp_path / "m.pdf").read_bytes().startswith(b"%PDF")


def test_download_is_audited_and_charts_are_images(client_for, reported):
    client = client_for("observer")
    response = client.get(
        reverse("monitoring:quarterly_download", args=["2009Q1", "xlsx"]), {"lang": "sq"}
    )
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="quarterly-nap-2008-2010-2009Q1-sq.xlsx"'
    )
    entry = (
        AuditEntry.objects.filter(action="monitoring.document_exported").order_by("-seq").first()
    )
    assert entry.changes == {
        "kind": "quarterly",
        "format": "xlsx",
        "lang": "sq",
        "plan": "nap-2008-2010",
    }
    page = client.get(reverse("monitoring:midterm", args=["nap-2008-2010"]))
    assert page.status_code == 200
    chart_url = reverse("monitoring:chart", args=["nap-2008-2010", "2009Q1", "status"])
    assert chart_url in page.content.decode()
    chart = client.get(chart_url)
    assert chart["Content-Type"] == "image/svg+xml" and chart.content.startswith(b"<svg")
    assert (
        client.get(reverse("monitoring:quarterly_download", args=["2009Q1", "docx"])).status_code
        == 404
    )


def test_report_card_of_an_organisation(reported, seed_plan, client_for):
    asp = Organisation.objects.get(code="ASP")
    document = build_document(
        "card", "xlsx", plan=seed_plan, period=reported, lang="en", organisation=asp
    )
    book = load_workbook(BytesIO(document.content), read_only=True)
    summary = _summary(book)
    owed = Obligation.objects.filter(period=reported, organisation=asp).count()
    assert (summary["organisation"], summary["owed"], summary["on_time"], summary["late"]) == (
        asp.display_name,
        owed,
        3,
        1,
    )
    activities = list(book["Activities"].iter_rows(min_row=2, values_only=True))
    assert len(activities) == owed
    url = reverse("monitoring:card", args=["ASP", "pdf"])
    response = client_for("focal_asp").get(url, {"lang": "sq", "period": "2009Q1"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client_for("focal_moi").get(url).status_code == 404
    assert client_for("police").get(url).status_code == 403


def test_midterm_report_carries_indicators_resources_and_remedial_actions(
    reported, seed_plan, persona
):
    from datetime import date

    from lidhja.evaluation.domain import services as evaluation
    from lidhja.indicators.domain import services as indicators
    from lidhja.indicators.models import Indicator

    onac = persona("onac")
    indicator = Indicator.objects.filter(
        node__plan=seed_plan, computation="", unit="number"
    ).first()
    indicator = indicators.update_indicator(
        indicator, version=indicator.version, by=onac, target=Decimal("10")
    )
    indicators.set_value(indicator, reported, Decimal("4"), by=onac)
    node = Obligation.objects.filter(period=reported).first().node
    evaluation.open_action(
        node,
        description="Hire two analysts",
        owner=Organisation.objects.get(code="ASP"),
        due_date=date(2009, 9, 30),
        by=onac,
    )
    document = build_document("midterm", "xlsx", plan=seed_plan, period=reported, lang="en")
    book = load_workbook(BytesIO(document.content), read_only=True)
    indicator_rows = list(book["Indicators"].iter_rows(min_row=2, values_only=True))
    assert [r[1:] for r in indicator_rows if r[1] == indicator.name] == [
        (indicator.name, "Number", None, 10, "2009Q1", 4)
    ]
    actions = list(book["Remedial actions"].iter_rows(min_row=2, values_only=True))
    assert [r[1:3] for r in actions] == [("Hire two analysts", "ASP")]
    assert "Resources" in book.sheetnames  # a short name of its own, whole
    rows = list(book["Resources"].iter_rows(min_row=2, values_only=True))
    assert (2009, "Prosecution and criminal justice", 0, 1250.5, None) in rows


@pytest.mark.parametrize("fmt", ["xlsx", "page"])
def test_the_quarterly_report_shows_the_computed_indicators_of_its_period(
    reported, seed_plan, client_for, fmt
):
    """Every computed indicator of the seed reaches the quarterly report, with the value its
    computation gives for the report's period (one definition: the registry)."""
    computed = list(
        Indicator.objects.filter(node__plan=seed_plan)
        .exclude(computation="")
        .order_by("node__position", "position")
    )
    on_time = REGISTRY["monitoring.agencies_reporting_on_time"].function(seed_plan, reported)
    assert on_time == Decimal("0.00")  # ASP and MOI submitted some of their reports only
    schedule = REGISTRY["monitoring.activities_on_schedule"].function(seed_plan, reported)
    if fmt == "xlsx":
        document = build_document("quarterly", "xlsx", plan=seed_plan, period=reported, lang="en")
        book = load_workbook(BytesIO(document.content), read_only=True)
        rows = list(book["Computed indicators"].iter_rows(min_row=2, values_only=True))
        assert len(rows) == len(computed)
        shown = {row[1]: row[2] for row in rows}
        assert shown["Per cent of agencies that submitted all their reports on time"] == "0.0\xa0%"
        assert (
            shown["Per cent of activities implemented according to the NAP (on track or completed)"]
            == f"{schedule:.1f}\xa0%"
        )
    else:
        page = client_for("onac").get(reverse("monitoring:quarterly", args=[reported.code]))
        text = page.content.decode()
        assert "Computed indicators, 2009Q1" in text
        assert "<td>0.0\xa0%</td>" in text
