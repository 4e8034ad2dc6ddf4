from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lidhja.accounts.domain.permissions import can
from lidhja.audit.domain.actions import ACTIONS
from lidhja.audit.domain.wording import describe
from lidhja.audit.interfaces.forms import AuditFilterForm
from lidhja.audit.models import AuditEntry
from lidhja.audit.models.entry import shown


@require_GET
def audit_log(request):
    """The audit log, newest first. Entries carry no personal data, only ids and masked values."""
    if not can(request.user, "audit.view"):
        raise PermissionDenied
    filters = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.order_by("-seq")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["actor"]:
            entries = entries.filter(actor_label=data["actor"])
        if data["object_type"]:
            entries = entries.filter(object_type=data["object_type"])
        if data["object_id"]:
            entries = entries.filter(object_id=data["object_id"])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    for entry in page:
        entry.label = ACTIONS.get(entry.action, entry.action)
        entry.described = describe(
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.object_text,
            entry.changes,
            entry.reason,
            shown,
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filters": filters, "query": query.urlencode()}
    return render(request, "audit/log.html", context)
