"""The report page: evidence chosen while drafting, "Submit" after the evidence, file errors at
the file field, and the answers read as text by everyone who may not edit them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lidhja.audit.models import AuditEntry
from lidhja.monitoring.domain import services
from lidhja.monitoring.models import Evidence, Obligation, ProgressReport, ReportStatus

PDF = b"%PDF-1.4\n% synthetic evidence\n"
FORM = {
    "implementation_status": "on_track",
    "narrative": "Two trainings held.",
    "outputs_achieved": "40 officers trained",
    "expenditure": "125000.50",
    "currency": "ALL",
    "funding_source": "state",
    "donor": "",
    "version": "",
}


@pytest.fixture
def obligation(db):
    return Obligation.objects.select_related("organisation").get(
        period__code="2009Q1",
        node__chapter="prosecution",
        node__code="1.(a).1",
        organisation__code="ASP",
    )


def _url(obligation):
    return reverse("monitoring:report", args=[obligation.pk])


def _actions():
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def _private_files(settings):
    root = settings.LIDHJA_PRIVATE_FILES
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_evidence_is_added_with_the_first_draft(client_for, obligation):
    client = client_for("focal_asp")
    before = AuditEntry.objects.count()
    response = client.post(
        _url(obligation),
        {**FORM, "action": "save", "evidence": SimpleUploadedFile("training.pdf", PDF)},
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(obligation=obligation)
    assert (report.status, report.version) == (ReportStatus.DRAFT, 1)
    assert [(e.original_name, e.size) for e in report.evidence.all()] == [("training.pdf", 30)]
    assert _actions()[before:] == ["monitoring.report_saved", "monitoring.evidence_added"]


def test_save_and_submit_with_evidence_in_one_step(client_for, obligation):
    client = client_for("focal_asp")
    before = AuditEntry.objects.count()
    response = client.post(
        _url(obligation),
        {**FORM, "action": "submit", "evidence": SimpleUploadedFile("list.pdf", PDF)},
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(obligation=obligation)
    assert (report.status, report.version) == (ReportStatus.SUBMITTED, 2)
    assert list(report.evidence.values_list("original_name", flat=True)) == ["list.pdf"]
    assert _actions()[before:] == [
        "monitoring.report_saved",
        "monitoring.evidence_added",
        "monitoring.report_submitted",
    ]


def test_submit_comes_after_the_evidence_section(client_for, obligation):
    html = client_for("focal_asp").get(_url(obligation)).content.decode()
    evidence = html.index('id="evidence-heading"')
    file_field = html.index('type="file" name="evidence"')
    save = html.index('name="action" value="save"')
    submit = html.index('name="action" value="submit"')
    assert evidence < file_field < save < submit
    assert 'enctype="multipart/form-data"' in html


@pytest.mark.parametrize(
    ("name", "content", "limit", "message"),
    [
        ("big.pdf", PDF, 10, "The file is larger than 9.53674e-06 MB."),
        ("notes.exe", b"MZ", None, "Allowed kinds: PDF, PNG, JPEG, DOCX, XLSX."),
        ("fake.pdf", b"GIF89a", None, "The file&#x27;s content does not match its kind."),
    ],
)
def test_a_file_error_is_shown_at_the_file_field_and_changes_nothing(
    client_for, obligation, settings, name, content, limit, message
):
    if limit is not None:
        settings.LIDHJA_EVIDENCE_MAX_BYTES = limit
    client = client_for("focal_asp")
    report = services.save_report(
        obligation,
        {"implementation_status": "delayed", "narrative": "x", "currency": "ALL"},
        version=None,
        by=obligation.organisation.users.get(username="asp.focal"),
    )
    entries, files = AuditEntry.objects.count(), _private_files(settings)
    for action in ("save", "submit"):
        response = client.post(
            _url(obligation),
            {
                **FORM,
                "version": report.version,
                "action": action,
                "evidence": SimpleUploadedFile(name, content),
            },
        )
        assert response.status_code == 400
        assert list(response.context["form"].errors) == ["evidence"]
        html = response.content.decode()
        assert f'<a href="#id_evidence">Add an evidence file: {message}</a>' in html
        assert '<p class="field-error" id="id_evidence_error">' in html
        assert message in html.split('id="id_evidence_error"')[1].split("</p>")[0]
    report.refresh_from_db()
    assert (report.status, report.version, report.implementation_status) == (
        ReportStatus.DRAFT,
        1,
        "delayed",
    )
    assert not Evidence.objects.exists()
    assert AuditEntry.objects.count() == entries and _private_files(settings) == files


def test_an_incomplete_submission_keeps_nothing_not_even_the_file(client_for, obligation, settings):
    client = client_for("focal_asp")
    entries = AuditEntry.objects.count()
    response = client.post(
        _url(obligation),
        {
            **FORM,
            "narrative": "",
            "action": "submit",
            "evidence": SimpleUploadedFile("training.pdf", PDF),
        },
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["narrative"]
    assert response.context["form"]["outputs_achieved"].value() == "40 officers trained"
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()
    assert AuditEntry.objects.count() == entries and _private_files(settings) == []


def test_the_file_alone_is_refused_at_the_file_field(client_for, obligation, settings):
    focal = obligation.organisation.users.get(username="asp.focal")
    services.save_report(
        obligation, {"implementation_status": "on_track", "currency": "ALL"}, version=None, by=focal
    )
    response = client_for("focal_asp").post(
        reverse("monitoring:evidence_upload", args=[obligation.pk]),
        {"file": SimpleUploadedFile("notes.exe", b"MZ")},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["evidence"] == [
        "Allowed kinds: PDF, PNG, JPEG, DOCX, XLSX."
    ]
    assert '<a href="#id_evidence">' in response.content.decode()
    assert not Evidence.objects.exists()


def _submitted(obligation):
    focal = obligation.organisation.users.get(username="asp.focal")
    report = services.save_report(
        obligation,
        {
            "implementation_status": "on_track",
            "narrative": "Two trainings held.\nIn Tirana.",
            "outputs_achieved": "",
            "expenditure": "1250000.5",
            "currency": "ALL",
            "funding_source": "state",
        },
        version=None,
        by=focal,
    )
    return services.transition(report, "submit", version=report.version, by=focal)


def _answers(response):
    return [(a.label, a.value) for a in response.context["answers"]]


@pytest.mark.parametrize(
    ("lang", "expected", "not_given"),
    [
        (
            "en",
            [
                ("Implementation status", "On track"),
                ("Progress narrative", "Two trainings held.\nIn Tirana."),
                ("Outputs achieved against the targets", ""),
                ("Expenditure in the period", "1,250,000.50\xa0lek"),
                ("Funding source", "State budget"),
                ("Donor", ""),
            ],
            "Not given",
        ),
        (
            "sq",
            [
                ("Statusi i zbatimit", "Në rrugë të mbarë"),
                ("Përshkrimi i progresit", "Two trainings held.\nIn Tirana."),
                ("Produktet e arritura kundrejt vlerave të synuara", ""),
                ("Shpenzimet gjatë periudhës", "1\xa0250\xa0000,50\xa0lekë"),
                ("Burimi i financimit", "Buxheti i shtetit"),
                ("Donator", ""),
            ],
            "Nuk është dhënë",
        ),
    ],
)
def test_onac_reads_the_report_as_text(client, client_for, obligation, lang, expected, not_given):
    _submitted(obligation)
    client_for("onac")
    client.cookies["lidhja_language"] = lang
    response = client.get(_url(obligation))
    assert response.status_code == 200
    assert response.context["form"] is None and _answers(response) == expected
    html = response.content.decode()
    assert "disabled" not in html and "<textarea" not in html.split('id="review-heading"')[0]
    assert '<dl class="summary-list">' in html
    assert html.count(f'<span class="muted">{not_given}</span>') == 2
    assert html.index('class="summary-list"') < html.index('id="review-heading"')


def test_the_focal_point_reads_a_submitted_report_as_text_too(client_for, obligation):
    _submitted(obligation)
    response = client_for("focal_asp").get(_url(obligation))
    assert response.context["can_edit"] is False and response.context["form"] is None
    assert _answers(response)[0] == ("Implementation status", "On track")
    assert 'name="action"' not in response.content.decode()
