"""Stored monitoring documents: a download link either sends the stored file or, while a
worker is still making it, shows a status block that follows the work (HTMX) and offers the
file once it is ready. Every fetch checks the reader's right again and is audited."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from lidhja.accounts.domain.permissions import can
from lidhja.audit.domain import services as audit
from lidhja.monitoring.domain import documents
from lidhja.monitoring.interfaces.stored import request_document
from lidhja.monitoring.models import DocumentStatus, ReportingPeriod, StoredDocument
from lidhja.organisations.models import Organisation
from lidhja.plans.models import Plan


def respond(
    request,
    kind: str,
    fmt: str,
    lang: str,
    *,
    plan: Plan,
    period: ReportingPeriod,
    organisation: Organisation | None = None,
) -> HttpResponseBase:
    """The stored file when it is ready, else the status page. The request only looks up or
    enqueues; a worker makes the document."""
    if fmt not in documents.FORMATS or lang not in documents.LANGUAGES:
        raise Http404
    document = request_document(
        kind, fmt, lang, plan=plan, period=period, organisation=organisation, by=request.user
    )
    if document.status == DocumentStatus.READY:
        return _send(request, document)
    return redirect("monitoring:document", pk=document.pk)


def _readable(request, pk: int) -> StoredDocument:
    if not can(request.user, "monitoring.view"):
        raise PermissionDenied
    document = get_object_or_404(
        StoredDocument.objects.select_related("plan", "period", "organisation"), pk=pk
    )
    if not documents.may_read(request.user, document):
        raise Http404  # like a missing one
    return document


def _send(request, document: StoredDocument) -> HttpResponse:
    changes = {
        "kind": document.kind,
        "format": document.fmt,
        "lang": document.lang,
        "plan": document.plan.code,
    }
    if document.organisation is not None:
        changes["organisation"] = document.organisation.code
    with transaction.atomic():
        audit.record(
            "monitoring.document_exported", actor=request.user, obj=document.period, changes=changes
        )
    response = HttpResponse(documents.content(document), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response


def source_url(document: StoredDocument) -> str:
    """The download link that asks for this document again (after a failure)."""
    query = {"lang": document.lang, "plan": document.plan.code, "period": document.period.code}
    if document.kind == "quarterly":
        path = reverse("monitoring:quarterly_download", args=[document.period.code, document.fmt])
    elif document.kind == "midterm":
        path = reverse("monitoring:midterm_download", args=[document.plan.code, document.fmt])
    else:
        org = document.organisation.code if document.organisation else ""
        path = reverse("monitoring:card", args=[org, document.fmt])
    return f"{path}?{urlencode(query)}"


@require_GET
def status(request, pk: int):
    """Where a document being made stands (queued, being prepared, ready, failed); an HTMX
    request gets the status block alone, which polls again until the document is ready."""
    document = _readable(request, pk)
    context = {
        "document": document,
        "ready": document.status == DocumentStatus.READY,
        "failed": document.status == DocumentStatus.FAILED,
        "again": source_url(document),
    }
    if request.htmx:
        return render(request, "monitoring/_document_status.html", context)
    return render(request, "monitoring/document_status.html", context)


@require_GET
def stored_file(request, pk: int):
    document = _readable(request, pk)
    if document.status != DocumentStatus.READY:
        return redirect("monitoring:document", pk=document.pk)
    return _send(request, document)
