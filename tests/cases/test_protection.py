"""Safety of the record: encryption at rest (the raw tables read without the key), key
rotation and re-encryption, tamper detection, encrypted attachments, lawful erasure keeping
the statistics, exports with a stated purpose, and small counts hidden in aggregates."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from lidhja.audit.models import AuditEntry
from lidhja.cases.domain import crypto
from lidhja.cases.models import Attachment, Case, NameToken, Person
from tests.cases.helpers import SYNTHETIC, act, open_case_by_post
from tests.conftest import TEST_KEYRING

NOTE = "Synthetic note about the shelter in Testville."


def _raw_rows(table: str) -> str:
    """Everything in a table as the database holds it, read with plain SQL."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
        return repr(cursor.fetchall())


@pytest.fixture
def case(client_for):
    case = open_case_by_post(client_for("social_tirana"))
    act(client_for("social_tirana"), case, "note", note=NOTE)
    return case


@pytest.mark.django_db
def test_identifying_data_are_unreadable_in_the_raw_tables(case):
    tables = [
        "cases_person",
        "cases_nametoken",
        "cases_case",
        "cases_caseevent",
        "audit_auditentry",
    ]
    raw = " ".join(_raw_rows(t) for t in tables)
    for value in (
        SYNTHETIC["given_name"],
        SYNTHETIC["family_name"],
        SYNTHETIC["phone"],
        "1996-04-02",
        "Testville",
        "synthetica",
    ):
        assert value not in raw and value.lower() not in raw.lower()
    assert case.code in raw  # the pseudonym is what the tables hold
    # With the key, the same bytes open.
    person = Person.objects.get(pk=case.person_id)
    assert (
        crypto.open_json(bytes(person.sealed), person.context)["given_name"]
        == SYNTHETIC["given_name"]
    )


@pytest.mark.django_db
def test_a_sealed_value_does_not_open_in_another_row_or_after_a_change(case, client_for):
    other = open_case_by_post(client_for("social_tirana"), given_name="Otherperson")
    first, second = Person.objects.get(pk=case.person_id), Person.objects.get(pk=other.person_id)
    with pytest.raises(crypto.Tampered):
        crypto.open_json(bytes(first.sealed), second.context)
    flipped = bytearray(first.sealed)
    flipped[-1] ^= 1
    with pytest.raises(crypto.Tampered):
        crypto.open_json(bytes(flipped), first.context)


@pytest.mark.django_db
def test_without_the_right_key_nothing_opens(case):
    with override_settings(LIDHJA_CASE_KEYRING=crypto.Keyring.generate().dumps()):
        person = Person.objects.get(pk=case.person_id)
        with pytest.raises(crypto.KeyringError):
            crypto.open_json(bytes(person.sealed), person.context)


@pytest.mark.django_db
def test_rotation_then_reencryption_moves_every_value_to_the_new_key(
    case, client_for, tmp_path, settings
):
    key_file = tmp_path / "keys" / "case-keyring.json"
    crypto.write_keyring(crypto.Keyring.parse(TEST_KEYRING), key_file)
    settings.LIDHJA_CASE_KEYRING = ""
    settings.LIDHJA_CASE_KEYRING_FILE = key_file
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    old = crypto.keyring().current
    call_command("cases", "rotate-key", stdout=io.StringIO())
    new = crypto.keyring().current
    assert new != old and old in crypto.keyring().keys
    # Old values still open with the old key; new ones are sealed with the new key.
    client = client_for("social_tirana")
    assert (
        SYNTHETIC["given_name"]
        in client.get(reverse("cases:person", args=[case.code])).content.decode()
    )
    out = io.StringIO()
    call_command("cases", "reencrypt", stdout=out)
    assert "Re-encrypted" in out.getvalue()
    ring = crypto.keyring()
    assert {ring.key_of(bytes(p.sealed)) for p in Person.objects.exclude(sealed=None)} == {new}
    assert set(Person.objects.values_list("key_id", flat=True)) == {new}
    # The old key can now be dropped from the keyring and everything still opens.
    without_old = crypto.Keyring(new, {new: ring.keys[new]}, ring.index)
    crypto.write_keyring(without_old, key_file)
    crypto._load.cache_clear()
    page = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert NOTE in page
    assert (
        SYNTHETIC["given_name"]
        in client.get(reverse("cases:person", args=[case.code])).content.decode()
    )
    assert (
        AuditEntry.objects.filter(action__in=["case.keys_rotated", "case.reencrypted"]).count() == 2
    )


@pytest.mark.django_db
def test_setup_creates_a_private_key_file_only_when_no_keyring_is_configured(tmp_path, settings):
    key_file = tmp_path / "k" / "ring.json"
    settings.LIDHJA_CASE_KEYRING_FILE = key_file
    assert crypto.ensure_keyring_file() is None  # the environment's keyring is configured
    settings.LIDHJA_CASE_KEYRING = ""
    assert crypto.ensure_keyring_file() == key_file
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert oct(key_file.parent.stat().st_mode & 0o777) == "0o700"
    assert crypto.Keyring.parse(key_file.read_text())
    assert crypto.ensure_keyring_file() is None  # never replaced


def test_a_malformed_keyring_is_refused():
    for text in [
        "",
        "{}",
        json.dumps({"current": "a", "keys": {"a": "c2hvcnQ="}, "index": "c2hvcnQ="}),
    ]:
        with pytest.raises(crypto.KeyringError):
            crypto.Keyring.parse(text)


@pytest.mark.django_db
def test_attachments_are_stored_encrypted_and_every_read_is_audited(case, client_for, settings):
    content = b"%PDF-1.4 synthetic medical certificate for Synthetica"
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("social_tirana")
    case.refresh_from_db()
    upload = SimpleUploadedFile("certificate.pdf", content, content_type="application/pdf")
    response = client.post(
        reverse("cases:action", args=[case.code, "attach"]),
        {"version": case.version, "file": upload},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(case=case)
    stored = (settings.LIDHJA_PRIVATE_FILES / "cases" / f"{attachment.uuid}.sealed").read_bytes()
    assert b"Synthetica" not in stored and b"%PDF" not in stored
    assert b"certificate" not in bytes(attachment.sealed_name)
    download = client.get(reverse("cases:attachment", args=[case.code, attachment.pk]))
    assert download.status_code == 200 and download.content == content
    assert (
        AuditEntry.objects.filter(action="case.attachment_read", object_id=str(case.pk)).count()
        == 1
    )
    # A file that is not one of the allowed kinds is refused, and nothing is stored.
    case.refresh_from_db()
    bad = SimpleUploadedFile("script.pdf", b"#!/bin/sh", content_type="application/pdf")
    response = client.post(
        reverse("cases:action", args=[case.code, "attach"]), {"version": case.version, "file": bad}
    )
    assert response.status_code == 400
    assert Attachment.objects.filter(case=case).count() == 1
    assert (
        client_for("social_shkoder")
        .get(reverse("cases:attachment", args=[case.code, attachment.pk]))
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_lawful_erasure_removes_identity_and_notes_but_keeps_the_statistics(case, client_for):
    act(
        client_for("social_tirana"),
        case,
        "erase",
        expected=403,
        reason="person_request",
        basis="x",
        confirm=case.code,
    )
    before = Case.objects.filter(status=case.status, stage=case.stage).count()
    act(
        client_for("ra"),
        case,
        "erase",
        reason="person_request",
        basis="Request 7/2026 under the data protection law",
        confirm=case.code,
    )
    person = Person.objects.get(pk=case.person_id)
    assert person.sealed is None and person.erased_at is not None
    assert not NameToken.objects.filter(person=person).exists()
    assert not case.events.exclude(sealed_note=None).exists()
    case.refresh_from_db()
    assert Case.objects.filter(status=case.status, stage=case.stage).count() == before
    assert list(case.exploitation_rows.values_list("form", flat=True)) == ["sexual"]
    page = client_for("ra").get(reverse("cases:detail", args=[case.code])).content.decode()
    assert NOTE not in page and "erased on a lawful request" in page
    # An erased case is read-only from then on.
    act(client_for("ra"), case, "note", expected=403, note="x")
    entry = AuditEntry.objects.get(action="case.person_erased")
    # The kind of request (a code) is the entry's reason; the legal basis is free text, kept
    # sealed with the person.
    assert entry.reason == "person_request"
    person.refresh_from_db()
    basis = crypto.open_text(person.sealed_erasure_basis, person.context)
    assert basis.startswith("Request 7/2026")


@pytest.mark.django_db
def test_an_export_needs_a_purpose_and_is_logged_with_it(case, client_for):
    client = client_for("social_tirana")
    url = reverse("cases:export", args=[case.code])
    assert client.post(url, {"purpose": ""}).status_code == 302
    assert not AuditEntry.objects.filter(action="case.exported").exists()
    response = client.post(url, {"purpose": "Request of the prosecutor, file 3/2026"})
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["person"]["given_name"] == SYNTHETIC["given_name"]
    assert document["code"] == case.code
    entry = AuditEntry.objects.get(action="case.exported")
    export = case.exports.get()
    assert entry.changes == {"export": export.pk} and entry.reason == ""
    # The purpose is kept with the export, sealed like any free text.
    assert crypto.open_text(export.sealed_purpose, export.context) == (
        "Request of the prosecutor, file 3/2026"
    )
    assert SYNTHETIC["given_name"] not in str(entry.changes)


@pytest.mark.django_db
def test_archiving_makes_old_closed_cases_read_only(client_for):
    case = open_case_by_post(client_for("social_tirana"), identified_on="2009-05-01")
    act(
        client_for("social_tirana"),
        case,
        "close",
        expected=400,
        closed_on="2009-01-01",
        reason="reintegrated",
        confirm="on",
    )
    act(
        client_for("social_tirana"),
        case,
        "close",
        closed_on="2010-01-01",
        reason="reintegrated",
        confirm="on",
    )
    call_command("cases", "archive", stdout=io.StringIO())
    case.refresh_from_db()
    assert case.stage == "archived"
    act(client_for("social_tirana"), case, "reopen", expected=403, note="x")
    assert (
        client_for("social_tirana").get(reverse("cases:detail", args=[case.code])).status_code
        == 200
    )
