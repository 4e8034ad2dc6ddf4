"""Stored monitoring documents: which one a request means, and its life from queued to ready.

A document is named by what it shows (kind, plan, period, organisation, language, format) and
by the generation of the data it reads (`audit.domain.generations`). A second request for the
same document before the data change finds the stored file; the first write after it makes a
new key, so the next request makes a new file, and the older one is removed once the new one
is stored. The content itself is made by `monitoring.interfaces.stored` in a background task;
this module only keeps the rows and the sealed files.
"""

from collections.abc import Iterator
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from lidhja.accounts.domain.permissions import can
from lidhja.accounts.models import User
from lidhja.audit.domain.generations import generation
from lidhja.core import files, sealed
from lidhja.core.files import private_path
from lidhja.monitoring.models import DocumentStatus, ReportingPeriod, StoredDocument
from lidhja.organisations.models import Organisation
from lidhja.plans.models import Plan

# The areas whose data a monitoring document reads: the plan, the reports, and the sections
# that indicators, resources, evaluation and campaigns add; the card names its organisation.
AREAS = (
    "monitoring",
    "plan",
    "plan_node",
    "indicator",
    "resources",
    "evaluation",
    "campaigns",
    "organisation",
)
KINDS = ("quarterly", "midterm", "card")
FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LANGUAGES = ("en", "sq")


def _context(relative: str) -> str:
    return f"document:{relative}"


def document_key(
    kind: str,
    fmt: str,
    lang: str,
    plan: Plan,
    period: ReportingPeriod,
    organisation: Organisation | None,
    data_generation: int,
) -> str:
    subject = organisation.code if organisation is not None else "-"
    return f"{kind}:{plan.code}:{period.code}:{subject}:{lang}:{fmt}:{data_generation}"


def file_name(
    kind: str, fmt: str, lang: str, plan: Plan, period: ReportingPeriod, org: Organisation | None
) -> str:
    subject = f"{org.code}-" if org is not None else ""
    return f"{kind}-{subject}{plan.code}-{period.code}-{lang}.{fmt}"


def may_read(user: Any, document: StoredDocument) -> bool:
    """Who may fetch a stored document: who may see its subject (a card: its organisation)."""
    if document.organisation is not None:
        return can(user, "monitoring.view", document.organisation)
    return can(user, "monitoring.view")


def request(
    kind: str,
    fmt: str,
    lang: str,
    *,
    plan: Plan,
    period: ReportingPeriod,
    organisation: Organisation | None = None,
    by: User | None,
) -> tuple[StoredDocument, bool]:
    """The stored document for this request, and whether it is new (to be made now). A
    document that failed is queued again. The generation is read before any data."""
    if kind not in KINDS or fmt not in FORMATS or lang not in LANGUAGES:
        raise ValueError("unknown document")
    key = document_key(kind, fmt, lang, plan, period, organisation, generation(*AREAS))
    try:
        with transaction.atomic():
            document, created = StoredDocument.objects.get_or_create(
                key=key,
                defaults={
                    "kind": kind,
                    "fmt": fmt,
                    "lang": lang,
                    "plan": plan,
                    "period": period,
                    "organisation": organisation,
                    "generation": int(key.rsplit(":", 1)[1]),
                    "filename": file_name(kind, fmt, lang, plan, period, organisation),
                    "content_type": FORMATS[fmt],
                    "requested_by": by,
                },
            )
    except IntegrityError:  # another request created it meanwhile
        return StoredDocument.objects.get(key=key), False
    if created:
        return document, True
    with transaction.atomic():
        retried = StoredDocument.objects.filter(
            pk=document.pk, status=DocumentStatus.FAILED
        ).update(status=DocumentStatus.QUEUED, error="", requested_by=by)
    document.refresh_from_db()
    return document, bool(retried)


def claim(document_id: int) -> StoredDocument | None:
    """Mark a queued document as being made; None if it is gone or already made."""
    with transaction.atomic():
        document = (
            StoredDocument.objects.select_for_update(of=("self",))
            .select_related("plan", "period", "organisation")
            .filter(pk=document_id)
            .first()
        )
        if document is None or document.status == DocumentStatus.READY:
            return None
        document.status = DocumentStatus.RUNNING
        document.started_at = timezone.now()
        document.save(update_fields=["status", "started_at"])
        return document


@files.atomic()
def store(document: StoredDocument, content: bytes) -> StoredDocument:
    """Keep the made content sealed, mark the document ready, and remove the older stored
    files of the same document (they describe data that have changed since)."""
    locked = StoredDocument.objects.select_for_update(of=("self",)).get(pk=document.pk)
    relative = f"documents/{locked.key.replace(':', '_')}.{locked.fmt}.sealed"
    sealed.write(relative, content, _context(relative))
    locked.file = relative
    locked.size = len(content)
    locked.status = DocumentStatus.READY
    locked.finished_at = timezone.now()
    locked.save(update_fields=["file", "size", "status", "finished_at"])
    older = StoredDocument.objects.filter(
        key__startswith=f"{locked.series}:", generation__lt=locked.generation
    ).exclude(status=DocumentStatus.RUNNING)
    for stale in older:
        if stale.file:
            files.delete_on_commit(private_path(stale.file))
    older.delete()
    return locked


def fail(document_id: int, error: BaseException) -> None:
    with transaction.atomic():
        StoredDocument.objects.filter(pk=document_id).update(
            status=DocumentStatus.FAILED,
            error=type(error).__name__[:200],
            finished_at=timezone.now(),
        )


def content(document: StoredDocument) -> bytes:
    """The stored file's content, opened (the caller has checked the reader's right)."""
    return sealed.read(document.file, _context(document.file))


def stored_files() -> Iterator[tuple[str, str]]:
    for relative in StoredDocument.objects.exclude(file="").values_list("file", flat=True):
        yield relative, _context(relative)
