"""Material files: checked for kind, content and size before anything is written; sealed at
rest; sent to every reader of campaigns with an audit entry."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lidhja.audit.models import AuditEntry
from lidhja.campaigns.domain import services
from lidhja.campaigns.models import Material
from tests.campaigns.helpers import PDF, PNG, make_campaign

MATERIAL = {"kind": "leaflet", "title": "Leaflet", "language": "sq", "quantity": 1000}


def _private_files() -> list[Path]:
    root = Path(settings.LIDHJA_PRIVATE_FILES)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def campaign(persona):
    return make_campaign(persona("onac"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [("leaflet.exe", b"MZ\x90\x00"), ("leaflet.txt", b"text"), ("leaflet.pdf", PNG)],
)
def test_a_bad_file_is_refused_on_the_file_field_and_nothing_is_written(
    campaign, persona, name, content
):
    with pytest.raises(ValidationError) as caught:
        services.add_material(campaign, MATERIAL, by=persona("onac"), upload=(name, content))
    assert list(caught.value.message_dict) == ["file"]
    assert not Material.objects.exists()
    assert _private_files() == []
    assert not AuditEntry.objects.filter(action="campaigns.material_added").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("poster.gif", b"GIF89a", b"Allowed kinds: PDF, PNG, JPEG, DOCX, XLSX."),
        ("poster.png", PDF, b"The file&#x27;s content does not match its kind."),
    ],
)
def test_the_page_names_the_file_field_for_a_bad_kind(campaign, client_for, name, content, message):
    url = reverse("campaigns:add_material", args=[campaign.code])
    upload = SimpleUploadedFile(name, content)
    response = client_for("focal_asp").post(url, {**MATERIAL, "file": upload})
    assert response.status_code == 400
    assert b'id="id_file_error"' in response.content
    assert message in response.content
    assert not Material.objects.exists()
    assert _private_files() == []


@pytest.mark.django_db
def test_a_file_too_large_is_refused_before_it_is_read(campaign, client_for, settings):
    settings.LIDHJA_EVIDENCE_MAX_BYTES = 10
    url = reverse("campaigns:add_material", args=[campaign.code])
    upload = SimpleUploadedFile("leaflet.pdf", PDF)
    response = client_for("onac").post(url, {**MATERIAL, "file": upload})
    assert response.status_code == 400
    assert b'id="id_file_error"' in response.content
    assert not Material.objects.exists()
    assert _private_files() == []


@pytest.mark.django_db
def test_a_material_file_is_sealed_and_served_to_readers_with_an_audit_entry(campaign, client_for):
    url = reverse("campaigns:add_material", args=[campaign.code])
    upload = SimpleUploadedFile("leaflet.pdf", PDF)
    assert client_for("focal_asp").post(url, {**MATERIAL, "file": upload}).status_code == 302
    material = Material.objects.get()
    assert (material.file_name, material.file_type, material.file_size) == (
        "leaflet.pdf",
        "application/pdf",
        len(PDF),
    )
    [stored] = _private_files()
    assert PDF not in stored.read_bytes()  # sealed at rest
    download = reverse("campaigns:material_file", args=[campaign.code, material.pk])
    response = client_for("observer").get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="leaflet.pdf"'
    [entry] = AuditEntry.objects.filter(action="campaigns.material_downloaded")
    assert (entry.actor.username, entry.object_id) == ("taskforce.member", str(material.pk))
    other = reverse("campaigns:material_file", args=["NO-SUCH", material.pk])
    assert client_for("observer").get(other).status_code == 404
