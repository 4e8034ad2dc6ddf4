"""Monitoring documents made off the request path: a request enqueues a task (django-tasks)
or finds the stored file; the task builds the document and stores it sealed. A database
worker (`lidhja db_worker`) runs the tasks; several workers on other machines may share the
queue, since it lives in the database."""

import logging

try:  # Django 6 has the tasks framework built in; 5.2 takes the backport.
    from django.tasks import task  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task

from lidhja.accounts.models import User
from lidhja.monitoring.domain import documents
from lidhja.monitoring.interfaces.documents import build_document
from lidhja.monitoring.models import ReportingPeriod, StoredDocument
from lidhja.organisations.models import Organisation
from lidhja.plans.models import Plan

logger = logging.getLogger(__name__)


@task()
def make_document(document_id: int) -> int:
    """Build a stored document's content and keep it; the number of bytes stored."""
    document = documents.claim(document_id)
    if document is None:
        return 0
    try:
        built = build_document(
            document.kind,
            document.fmt,
            plan=document.plan,
            period=document.period,
            lang=document.lang,
            organisation=document.organisation,
        )
        stored = documents.store(document, built.content)
    except Exception as error:
        logger.exception("document %s could not be made", document_id)
        documents.fail(document_id, error)
        raise
    return stored.size


def request_document(
    kind: str,
    fmt: str,
    lang: str,
    *,
    plan: Plan,
    period: ReportingPeriod,
    organisation: Organisation | None = None,
    by: User | None = None,
) -> StoredDocument:
    """The stored document asked for: ready if it was made before from the same data, else
    queued. The task is enqueued in the request's transaction: the database backend's row
    commits with the document's (a worker never sees a task without its document)."""
    document, new = documents.request(
        kind, fmt, lang, plan=plan, period=period, organisation=organisation, by=by
    )
    if new:
        make_document.enqueue(document.pk)  # the immediate backend runs it here
        document.refresh_from_db()
    return document
