import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lidhja.audit.models import AuditEntry
from lidhja.monitoring.domain import services
from lidhja.monitoring.models import Evidence, Obligation

PDF = b"%PDF-1.4\n% synthetic evidence\n"


@pytest.fixture
def draft(persona):
    obligation = Obligation.objects.filter(period__code="2009Q1", organisation__code="ASP").first()
    report = services.save_report(
        obligation,
        {"implementation_status": "on_track", "narrative": "x", "currency": "ALL"},
        version=None,
        by=persona("focal_asp"),
    )
    return obligation, report


@pytest.mark.django_db
def test_evidence_is_stored_privately_and_sent_only_to_those_who_may_see_the_report(
    client_for, draft
):
    obligation, _report = draft
    url = reverse("monitoring:evidence_upload", args=[obligation.pk])
    response = client_for("focal_asp").post(url, {"file": SimpleUploadedFile("training.pdf", PDF)})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.file.path.startswith(str(settings.LIDHJA_PRIVATE_FILES))
    assert not evidence.file.path.startswith(str(settings.STATIC_ROOT))
    download = reverse("monitoring:evidence", args=[evidence.pk])
    response = client_for("onac").get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert AuditEntry.objects.filter(
        action="monitoring.evidence_downloaded", actor_label="onac.analyst"
    ).exists()
    assert client_for("focal_moi").get(download).status_code == 404
    assert client_for("police").get(download).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("notes.exe", b"MZ", "Allowed kinds"), ("fake.pdf", b"GIF89a", "does not match its kind")],
)
def test_wrong_kinds_are_refused(client_for, draft, name, content, message):
    obligation, _report = draft
    response = client_for("focal_asp").post(
        reverse("monitoring:evidence_upload", args=[obligation.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert message in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_too_large_and_foreign_uploads_are_refused(client_for, draft, settings):
    obligation, _report = draft
    settings.LIDHJA_EVIDENCE_MAX_BYTES = 10
    url = reverse("monitoring:evidence_upload", args=[obligation.pk])
    client_for("focal_asp").post(url, {"file": SimpleUploadedFile("big.pdf", PDF)})
    assert (
        client_for("focal_moi").post(url, {"file": SimpleUploadedFile("x.pdf", PDF)}).status_code
        == 404
    )
    assert (
        client_for("onac").post(url, {"file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 403
    )
    assert not Evidence.objects.exists()
