"""Bad input on the monitoring pages: a form error naming the field, never a 500, and nothing
changes."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from lidhja.audit.models import AuditEntry
from lidhja.monitoring.domain import services
from lidhja.monitoring.models import Obligation, ProgressReport, ReportStatus


@pytest.fixture
def asp_obligation(db):
    return Obligation.objects.select_related("organisation").get(
        period__code="2009Q1",
        node__chapter="prosecution",
        node__code="1.(a).1",
        organisation__code="ASP",
    )


def test_submitting_an_incomplete_draft_names_the_missing_fields(
    client_for, asp_obligation, persona
):
    report = services.save_report(
        asp_obligation,
        {"implementation_status": "on_track", "narrative": "", "currency": "ALL"},
        version=None,
        by=persona("focal_asp"),
    )
    client = client_for("focal_asp")
    entries = AuditEntry.objects.count()
    response = client.post(
        reverse("monitoring:submit", args=[asp_obligation.pk]), {"version": report.version}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert dict(form.errors) == {"narrative": ["Describe the progress made in the period."]}
    assert "Describe the progress made in the period." in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.version, report.submitted_at) == (ReportStatus.DRAFT, 1, None)
    assert AuditEntry.objects.count() == entries


def test_an_incomplete_draft_with_money_names_every_field_at_fault(
    client_for, asp_obligation, persona
):
    report = services.save_report(
        asp_obligation,
        {
            "implementation_status": "delayed",
            "narrative": "",
            "currency": "EUR",
            "expenditure": 300,
            "funding_source": "",
        },
        version=None,
        by=persona("focal_asp"),
    )
    response = client_for("focal_asp").post(
        reverse("monitoring:submit", args=[asp_obligation.pk]), {"version": report.version}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"narrative", "funding_source"}
    # The form shows what the draft holds, not an empty form.
    assert str(response.context["form"]["expenditure"].value()) == "300.00"
    assert ProgressReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def _template(client) -> BytesIO:
    response = client.get(reverse("monitoring:bulk_template", args=["2009Q1"]))
    return load_workbook(BytesIO(response.content))


def _post(client, book):
    buffer = BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("reports.xlsx", buffer.getvalue())
    return client.post(reverse("monitoring:bulk", args=["2009Q1"]), {"file": upload})


def test_a_duplicate_row_in_a_bulk_upload_is_named_and_nothing_is_saved(client_for):
    client = client_for("focal_asp")
    book = _template(client)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    status_col = header.index("Implementation status") + 1
    narrative_col = header.index("Progress narrative") + 1
    for row in (2, 3, 4):
        sheet.cell(row=row, column=status_col, value="On track")
        sheet.cell(row=row, column=narrative_col, value=f"Row {row}")
    for column in (1, 2):  # the chapter and the activity number name the report
        sheet.cell(row=7, column=column, value=sheet.cell(row=2, column=column).value)
    sheet.cell(row=7, column=status_col, value="Delayed")
    entries = AuditEntry.objects.count()
    response = _post(client, book)
    assert response.status_code == 400
    problems = response.context["problems"]
    assert [(p.row, p.field, p.message) for p in problems] == [
        (7, "activity", "duplicate of row 2: each report may appear once")
    ]
    assert "row 7, Activity: duplicate of row 2" in response.content.decode()
    assert not ProgressReport.objects.exists()
    assert AuditEntry.objects.count() == entries
