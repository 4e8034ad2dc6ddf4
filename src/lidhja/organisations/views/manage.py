"""Changing the registry on pages (ONAC and the system administrator): add, edit, deactivate or
reactivate, merge, import and export. Each change is one service of
organisations.domain.services; a stale form answers 409, a bad field 400 with the field named."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lidhja.accounts.domain.errors import DomainError, StaleObject
from lidhja.accounts.domain.errors import PermissionDenied as DomainPermissionDenied
from lidhja.accounts.domain.permissions import can
from lidhja.audit.domain import services as audit
from lidhja.core.uploads import UploadRefused, read_upload
from lidhja.organisations.domain import services
from lidhja.organisations.domain.importing import RegistryImportError, apply_rows
from lidhja.organisations.interfaces import table
from lidhja.organisations.interfaces.forms import (
    ImportForm,
    MergeForm,
    OrganisationForm,
    VersionForm,
)
from lidhja.organisations.models import Organisation
from lidhja.organisations.views.pages import detail_response


def _require_manage(request) -> None:
    if not can(request.user, "organisation.manage"):
        raise PermissionDenied


def attach_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _run(form, change) -> int:
    """Call `change`; 0 when done, else the status of the refusal (its message on the form)."""
    try:
        change()
    except ValidationError as exc:
        attach_errors(form, exc)
        return 400
    except DomainPermissionDenied as exc:
        raise PermissionDenied from exc
    except StaleObject as exc:
        form.add_error(None, str(exc))
        return 409
    except DomainError as exc:
        form.add_error(None, str(exc))
        return 409
    return 0


def _form_page(request, form, org: Organisation | None, status: int = 200):
    context = {"form": form, "organisation": org}
    return render(request, "organisations/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def organisation_new(request):
    _require_manage(request)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return _form_page(request, form, None, status=400)
        created: list[Organisation] = []
        status = _run(
            form,
            lambda: created.append(
                services.create_organisation(
                    code=form.cleaned_data["code"],
                    values=form.values(),
                    member_of=form.cleaned_data["member_of"],
                    by=request.user,
                )
            ),
        )
        if not status:
            messages.success(request, _("Organisation added."))
            return redirect("organisations:detail", code=created[0].code)
        return _form_page(request, form, None, status=status)
    return _form_page(request, form, None)


@require_http_methods(["GET", "POST"])
def organisation_edit(request, code: str):
    _require_manage(request)
    org = get_object_or_404(Organisation, code=code)
    if request.method == "GET":
        initial = {
            **{field: getattr(org, field) for field in services.FIELDS},
            "parent": org.parent,
            "member_of": list(org.member_of.all()),
            "version": org.version,
        }
        return _form_page(request, OrganisationForm(initial=initial, editing=org), org)
    form = OrganisationForm(request.POST, editing=org)
    if not form.is_valid():
        return _form_page(request, form, org, status=400)
    status = _run(
        form,
        lambda: services.update_organisation(
            org,
            version=form.cleaned_data["version"] or 0,
            values=form.values(),
            member_of=form.cleaned_data["member_of"],
            by=request.user,
        ),
    )
    if status:
        return _form_page(request, form, org, status=status)
    messages.success(request, _("Organisation saved."))
    return redirect("organisations:detail", code=org.code)


@require_POST
def organisation_active(request, code: str, state: str):
    _require_manage(request)
    org = get_object_or_404(Organisation, code=code)
    form = VersionForm(request.POST)
    if state not in {"deactivate", "reactivate"} or not form.is_valid():
        return HttpResponse(_("The form is out of date: reload the page."), status=400)
    active = state == "reactivate"
    status = _run(
        form,
        lambda: services.set_active(
            org, active, version=form.cleaned_data["version"], by=request.user
        ),
    )
    if status:
        errors = [str(e) for e in form.non_field_errors()] + [
            str(e) for e in form.errors.get("is_active", [])
        ]
        return detail_response(request, org, errors=errors, status=status)
    messages.success(
        request, _("Organisation reactivated.") if active else _("Organisation deactivated.")
    )
    return redirect("organisations:detail", code=org.code)


@require_http_methods(["GET", "POST"])
def organisation_merge(request, code: str):
    _require_manage(request)
    org = get_object_or_404(Organisation, code=code, is_active=True)
    form = MergeForm(request.POST or None, merged=org, initial={"version": org.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            into = form.cleaned_data["into"]
            status = _run(
                form,
                lambda: services.merge_organisation(
                    org, into, version=form.cleaned_data["version"], by=request.user
                ),
            )
            if not status:
                messages.success(
                    request,
                    _("%(merged)s merged into %(into)s.") % {"merged": org.code, "into": into.code},
                )
                return redirect("organisations:detail", code=into.code)
    context = {"form": form, "organisation": org}
    return render(request, "organisations/merge.html", context, status=status)


@require_POST
def organisation_import(request):
    _require_manage(request)
    form = ImportForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = table.validate(table.read_table(upload.name, read_upload(upload)))
            counts = apply_rows(rows, by=request.user)
        except UploadRefused as exc:
            form.add_error("file", str(exc))
        except RegistryImportError as exc:
            problems = [str(problem) for problem in exc.problems]
            form.add_error("file", _("Nothing was imported: correct the rows below."))
        else:
            messages.success(
                request,
                _("%(created)s created, %(updated)s updated.") % counts,
            )
            return redirect("organisations:list")
    context = {"form": form, "problems": problems}
    return render(request, "organisations/import.html", context, status=400)


@require_GET
def organisation_export(request, fmt: str):
    _require_manage(request)
    if fmt not in {"csv", "xlsx"}:
        raise PermissionDenied
    rows = table.export_rows(Organisation.objects.all())
    content = table.to_xlsx(rows) if fmt == "xlsx" else table.to_csv(rows)
    with transaction.atomic():
        audit.record("organisation.exported", actor=request.user, changes={"format": fmt})
    kind = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[fmt]
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="organisations.{fmt}"'
    return response
