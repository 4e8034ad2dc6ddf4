"""Documents made off the request path: a request enqueues or serves; the worker stores the
file; the same request is served the stored file until the data change; only those who may see
a document fetch it."""

from io import BytesIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from lidhja.audit.models import AuditEntry
from lidhja.core.files import private_path
from lidhja.monitoring.domain import services
from lidhja.monitoring.domain.periods import ensure_period
from lidhja.monitoring.models import DocumentStatus, Obligation, StoredDocument

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
REPORT = {
    "narrative": "Done.",
    "outputs_achieved": "",
    "currency": "ALL",
    "funding_source": "state",
    "donor": None,
    "implementation_status": "on_track",
    "expenditure": None,
}


@pytest.fixture
def period(db):
    return ensure_period("2009Q1")


def _run_worker() -> None:
    call_command("db_worker", batch=True, verbosity=0)


@pytest.fixture
def worker_in_the_test_transaction(monkeypatch):
    """The worker checks its connection between tasks (`close_old_connections`). Inside the
    test's transaction PostgreSQL's connection would look unusable and be closed, so the
    check is left out here; the worker runs in the same process and transaction."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def _summary(response) -> dict:
    book = load_workbook(BytesIO(response.content), read_only=True)
    return {row[0]: row[1] for row in book.worksheets[0].iter_rows(min_row=3, values_only=True)}


def test_database_backend_enqueues_then_serves_reuses_and_renews(
    period, client_for, persona, django_capture_on_commit_callbacks, worker_in_the_test_transaction
):
    client = client_for("onac")
    url = reverse("monitoring:quarterly_download", args=["2009Q1", "xlsx"])
    with override_settings(TASKS=DATABASE_TASKS):
        queued = client.get(url, {"lang": "sq"})
        document = StoredDocument.objects.get()
        status_url = reverse("monitoring:document", args=[document.pk])
        assert (queued.status_code, queued["Location"]) == (302, status_url)
        assert document.status == DocumentStatus.QUEUED and not document.file

        page = client.get(status_url)
        assert page.status_code == 200
        html = page.content.decode()
        assert 'role="status" aria-live="polite"' in html
        assert f'hx-get="{status_url}" hx-trigger="every 2s"' in html
        assert "Queued" in html

        _run_worker()
        document.refresh_from_db()
        assert document.status == DocumentStatus.READY and document.size > 0
        assert private_path(document.file).exists()
        block = client.get(status_url, headers={"HX-Request": "true"})
        fragment = block.content.decode()
        assert "hx-get" not in fragment  # polling stops once the file is ready
        assert reverse("monitoring:document_file", args=[document.pk]) in fragment

        served = client.get(url, {"lang": "sq"})
        assert served.status_code == 200
        assert served["Content-Disposition"] == (
            'attachment; filename="quarterly-nap-2008-2010-2009Q1-sq.xlsx"'
        )
        assert _summary(served)["Raporte të detyrueshme"] == 3533
        again = client.get(url, {"lang": "sq"})
        assert again.status_code == 200 and StoredDocument.objects.count() == 1  # reused
        assert AuditEntry.objects.filter(action="monitoring.document_exported").count() == 2

        obligation = Obligation.objects.filter(period=period, organisation__code="ASP").first()
        services.save_report(obligation, REPORT, version=None, by=persona("focal_asp"))
        renewed = client.get(url, {"lang": "sq"})
        assert renewed.status_code == 302  # the data changed: a new document is made
        newer = StoredDocument.objects.exclude(pk=document.pk).get()
        assert newer.generation > document.generation
        with django_capture_on_commit_callbacks(execute=True):
            _run_worker()
        assert list(StoredDocument.objects.values_list("pk", "status")) == [
            (newer.pk, DocumentStatus.READY)
        ]
        assert not private_path(document.file).exists()  # the older file is removed
        assert client.get(url, {"lang": "sq"}).status_code == 200


def test_immediate_backend_serves_at_once_and_the_file_is_sealed(period, client_for):
    response = client_for("observer").get(
        reverse("monitoring:midterm_download", args=["nap-2008-2010", "xlsx"]), {"lang": "en"}
    )
    assert response.status_code == 200
    document = StoredDocument.objects.get()
    assert document.status == DocumentStatus.READY
    stored = private_path(document.file).read_bytes()
    assert not stored.startswith(b"PK")  # sealed at rest, not the plain XLSX


def test_a_reader_who_may_not_see_the_document_cannot_fetch_it(period, client_for):
    card = reverse("monitoring:card", args=["ASP", "xlsx"])
    assert client_for("focal_asp").get(card, {"period": "2009Q1"}).status_code == 200
    document = StoredDocument.objects.get(organisation__code="ASP")
    for name in ("document", "document_file"):
        url = reverse(f"monitoring:{name}", args=[document.pk])
        assert client_for("focal_moi").get(url).status_code == 404
        assert client_for("police").get(url).status_code == 403
        assert client_for("onac").get(url).status_code == 200
    assert client_for("focal_moi").get(card).status_code == 404
    exported = AuditEntry.objects.filter(action="monitoring.document_exported")
    assert exported.count() == 2  # the focal point's download and ONAC's fetch


def test_a_failed_document_says_so_and_is_made_again_on_request(period, client_for, monkeypatch):
    from lidhja.monitoring.interfaces import stored

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(stored, "build_document", broken)
    client = client_for("onac")
    url = reverse("monitoring:quarterly_download", args=["2009Q1", "xlsx"])
    response = client.get(url)
    document = StoredDocument.objects.get()
    assert response.status_code == 302
    assert (document.status, document.error) == (DocumentStatus.FAILED, "RuntimeError")
    page = client.get(response["Location"]).content.decode()
    assert "could not be prepared" in page and "hx-get" not in page
    monkeypatch.undo()
    assert client.get(url).status_code == 200
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
