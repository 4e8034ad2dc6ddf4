"""The table of offences: every version for the justice offices, ONAC and observers; ONAC
starts a version (a copy of the latest), edits its articles while it is a draft and publishes
it. Each change is one service of justice.domain.offences, version-checked and audited."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lidhja.accounts.domain.errors import DomainError
from lidhja.accounts.domain.errors import PermissionDenied as DomainPermissionDenied
from lidhja.accounts.domain.permissions import can
from lidhja.justice.domain import offences
from lidhja.justice.interfaces.forms import (
    OffenceForm,
    PublishForm,
    RemoveOffenceForm,
    VersionForm,
)
from lidhja.justice.models import OffenceTable
from lidhja.justice.views.pages import attach_errors


def _require_view(user) -> None:
    if not can(user, "justice.offences_view"):
        raise PermissionDenied


def _require_manage(user) -> None:
    if not can(user, "justice.offences_manage"):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def table_list(request):
    _require_view(request.user)
    manages = can(request.user, "justice.offences_manage")
    form = VersionForm(request.POST or None)
    if request.method == "POST":
        _require_manage(request.user)
        if form.is_valid():
            table = offences.new_version(by=request.user, **form.cleaned_data)
            messages.success(request, _("Draft version %(n)s started.") % {"n": table.number})
            return redirect("justice:offence_table", number=table.number)
    context = {
        "tables": OffenceTable.objects.all(),
        "in_force": offences.in_force(timezone.localdate()),
        "form": form if manages else None,
    }
    return render(request, "justice/offences.html", context, status=400 if form.errors else 200)


@require_GET
def table_detail(request, number: int):
    _require_view(request.user)
    table = get_object_or_404(OffenceTable, number=number)
    return _render_table(request, table, OffenceForm(initial={"version": table.version}))


def _render_table(request, table: OffenceTable, form, status: int = 200):
    editable = table.published_at is None and can(request.user, "justice.offences_manage")
    context = {"table": table, "offences": table.offences.all(), "editable": editable, "form": form}
    return render(request, "justice/offence_table.html", context, status=status)


@require_POST
def table_change(request, number: int, change: str):
    """Add or change an article, take one out, or publish: a draft version, by ONAC."""
    _require_manage(request.user)
    table = get_object_or_404(OffenceTable, number=number)
    form_class = {"set": OffenceForm, "remove": RemoveOffenceForm, "publish": PublishForm}
    if change not in form_class:
        raise PermissionDenied
    form = form_class[change](request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            if change == "set":
                offences.set_offence(table, by=request.user, version=version, values=data)
            elif change == "remove":
                offences.remove_offence(
                    table, by=request.user, version=version, article=data["article"]
                )
            else:
                offences.publish(table, by=request.user, version=version)
        except ValidationError as exc:
            attach_errors(form, exc)
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form.add_error(None, str(exc))
            return _render_table(request, table, form, status=409)
        else:
            messages.success(request, _("Saved."))
            return redirect("justice:offence_table", number=table.number)
    return _render_table(request, table, form, status=400)
