from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from lidhja.audit.models import AuditEntry
from lidhja.monitoring.domain import services
from lidhja.monitoring.interfaces.bulk import COLUMNS
from lidhja.monitoring.models import Obligation, ProgressReport


def _template(client):
    response = client.get(reverse("monitoring:bulk_template", args=["2009Q1"]))
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def _upload(client, book):
    buffer = BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("reports.xlsx", buffer.getvalue())
    return client.post(reverse("monitoring:bulk", args=["2009Q1"]), {"file": upload})


def _fill(sheet, row, status="on_track", **values):
    header = [c.value for c in sheet[1]]
    sheet.cell(row=row, column=header.index("implementation_status") + 1, value=status)
    sheet.cell(
        row=row, column=header.index("narrative") + 1, value=values.get("narrative", "Progress")
    )
    for key, value in values.items():
        sheet.cell(row=row, column=header.index(key) + 1, value=value)


@pytest.mark.django_db
def test_template_lists_exactly_the_organisations_obligations(client_for):
    sheet = _template(client_for("focal_asp")).active
    assert [c.value for c in sheet[1]] == COLUMNS
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(ids) == sorted(
        Obligation.objects.filter(period__code="2009Q1", organisation__code="ASP").values_list(
            "pk", flat=True
        )
    )


@pytest.mark.django_db
def test_a_good_upload_saves_every_filled_row(client_for):
    client = client_for("focal_asp")
    book = _template(client)
    sheet = book.active
    _fill(sheet, 2, expenditure=1500, funding_source="state")
    _fill(sheet, 3, status="delayed")
    response = _upload(client, book)
    assert response.status_code == 302
    saved = ProgressReport.objects.filter(obligation__organisation__code="ASP").order_by(
        "obligation__node__position"
    )
    assert [(r.implementation_status, r.status) for r in saved] == [
        ("on_track", "draft"),
        ("delayed", "draft"),
    ]
    assert saved[0].expenditure == 1500


@pytest.mark.django_db
def test_a_bad_upload_names_every_bad_row_and_writes_nothing(client_for, persona):
    client = client_for("focal_asp")
    book = _template(client)
    sheet = book.active
    moi = Obligation.objects.filter(period__code="2009Q1", organisation__code="MOI").first()
    _fill(sheet, 2)  # a good row: must not be saved either
    _fill(sheet, 3, status="finished")
    _fill(sheet, 4, expenditure="lots", currency="GBP")
    sheet.cell(row=5, column=1, value=moi.pk)
    _fill(sheet, 5)
    entries = AuditEntry.objects.count()
    response = _upload(client, book)
    assert response.status_code == 400
    problems = [(p.row, p.field) for p in response.context["problems"]]
    assert problems == [
        (3, "implementation_status"),
        (4, "currency"),
        (4, "expenditure"),
        (5, "obligation"),
    ]
    assert not ProgressReport.objects.exists()
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_submitted_reports_cannot_be_overwritten_in_bulk(client_for, persona):
    focal = persona("focal_asp")
    client = client_for("focal_asp")
    book = _template(client)
    obligation_id = book.active.cell(row=2, column=1).value
    report = services.save_report(
        Obligation.objects.get(pk=obligation_id),
        {"implementation_status": "on_track", "narrative": "x", "currency": "ALL"},
        version=None,
        by=focal,
    )
    services.transition(report, "submit", version=report.version, by=focal)
    _fill(book.active, 2, status="delayed")
    response = _upload(client, book)
    assert [(p.row, p.field) for p in response.context["problems"]] == [(2, "obligation")]
    report.refresh_from_db()
    assert report.implementation_status == "on_track"


@pytest.mark.django_db
def test_unreadable_files_are_refused(client_for):
    client = client_for("focal_asp")
    response = client.post(
        reverse("monitoring:bulk", args=["2009Q1"]),
        {"file": SimpleUploadedFile("reports.xlsx", b"not a workbook")},
    )
    assert response.status_code == 400
    assert [p.field for p in response.context["problems"]] == ["file"]
    response = client.post(
        reverse("monitoring:bulk", args=["2009Q1"]),
        {"file": SimpleUploadedFile("reports.csv", b"a,b")},
    )
    assert response.status_code == 400 and "file" in response.context["form"].errors
