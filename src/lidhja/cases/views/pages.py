"""Case pages. Every case-bound view goes through `get_case_for_user_or_404`: no case role
answers 403; a case the user may not see answers 404, exactly as a missing one."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lidhja.accounts.domain.errors import DomainError, StaleObject
from lidhja.accounts.domain.errors import PermissionDenied as DomainPermissionDenied
from lidhja.accounts.domain.permissions import can
from lidhja.audit.domain import services as audit
from lidhja.cases.domain import identity, services
from lidhja.cases.domain.access import Level, access_to, has_case_role
from lidhja.cases.domain.queries import CaseFilter, case_list
from lidhja.cases.domain.services import CaseChanged
from lidhja.cases.interfaces import casefile
from lidhja.cases.interfaces.actions import ACTIONS, offered_actions
from lidhja.cases.interfaces.forms import (
    CaseFilterForm,
    ExportForm,
    OpenCaseForm,
)
from lidhja.cases.models import Attachment, Case, Referral
from lidhja.cases.models.choices import Shared

PAGE_SIZE = 50


def require_case_role(user) -> None:
    if not has_case_role(user):
        raise PermissionDenied


def get_case_for_user_or_404(user, code: str):
    """(case, access) for a case `user` may see at some level."""
    require_case_role(user)
    case = get_object_or_404(
        Case.objects.select_related("person", "managing_organisation", "opened_by_organisation"),
        code=code.upper(),
    )
    access = access_to(user, case)
    if access.level is Level.NONE:
        raise Http404
    return case, access


def sees_person(access) -> bool:
    return access.sees_identity or bool(access.shared & {Shared.CONTACTS, Shared.DOCUMENT})


@require_GET
def case_list_page(request):
    require_case_role(request.user)
    form = CaseFilterForm(request.GET or None)
    f = CaseFilter(**form.cleaned_data) if form.is_valid() else CaseFilter()
    page = Paginator(case_list(request.user, f), PAGE_SIZE).get_page(request.GET.get("page"))
    if f.searches_by_name:
        with transaction.atomic():
            audit.record(
                "case.searched", actor=request.user, changes={"results": page.paginator.count}
            )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_open": can(request.user, "case.open"),
    }
    template = "cases/_case_rows.html" if request.htmx else "cases/list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def case_new(request):
    if not can(request.user, "case.open"):
        raise PermissionDenied
    form = OpenCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        identity_values = {name: data.get(name) for name in identity.FIELDS}
        details = {name: data[name] for name in services.CASE_FIELDS if name in data}
        try:
            case = services.open_case(
                by=request.user,
                identity_values=identity_values,
                details=details,
                exploitation=data["exploitation"],
                status=data["status"],
                criteria=data["criteria"],
                managing_organisation=data.get("managing_organisation"),
            )
        except ValidationError as exc:
            _attach_errors(form, exc)
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        else:
            messages.success(request, _("Case %(code)s opened.") % {"code": case.code})
            return redirect("cases:detail", code=case.code)
    return render(
        request,
        "cases/new.html",
        {
            "form": form,
            "social_worker": request.user.role == "social_worker",
            "identity_fields": list(identity.FIELDS),
        },
        status=400 if form.errors else 200,
    )


def _attach_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_GET
def case_detail(request, code: str):
    case, access = get_case_for_user_or_404(request.user, code)
    file = casefile.for_access(case, access, request.user)
    # The view is recorded once the file is read and before anything is shown: the short
    # transaction holds the audit chain's head (and, on SQLite, the write lock) only briefly.
    with transaction.atomic():
        audit.record(
            "case.viewed",
            actor=request.user,
            obj=case,
            changes={"level": access.level.name.lower()},
        )
    context = {
        "case": case,
        "access": access,
        "file": file,
        "actions": offered_actions(case, access, request.user),
        "export_form": ExportForm(),
        "sees_person": sees_person(access),
    }
    return render(request, "cases/detail.html", context)


@require_GET
def person_panel(request, code: str):
    """The person's identifying data, on request: each showing is audited."""
    case, access = get_case_for_user_or_404(request.user, code)
    if not sees_person(access):
        raise PermissionDenied
    with transaction.atomic():
        values = identity.reveal(case.person, case=case, access=access, by=request.user)
    fields = [
        (label, casefile.shown(name, values[name]))
        for name, (label, _item) in identity.FIELDS.items()
        if name in values
    ]
    context = {"case": case, "fields": fields, "erased": case.person.erased_at is not None}
    if request.htmx:
        return render(request, "cases/_person.html", context)
    return render(request, "cases/person.html", context)


@require_http_methods(["GET", "POST"])
def case_action(request, code: str, action: str):
    case, access = get_case_for_user_or_404(request.user, code)
    step = ACTIONS.get(action)
    if step is None:
        raise Http404
    if not access.can_edit or access.level < step.minimum:
        raise PermissionDenied
    changed_events = []
    if request.method == "POST":
        form = step.form(request.POST, request.FILES if step.files else None)
        if form.is_valid():
            try:
                step.run(case, form.cleaned_data, request.user)
            except CaseChanged as exc:
                form.add_error(None, str(exc))
                changed_events = exc.events
                form = _with_version(form, exc)
            except ValidationError as exc:
                _attach_errors(form, exc)
            except DomainPermissionDenied as exc:
                raise PermissionDenied from exc
            except (StaleObject, DomainError) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Saved."))
                return redirect("cases:detail", code=case.code)
        status = 409 if changed_events else 400
    else:
        form = step.form(
            initial={"version": case.version, **_initial(case, action, access, request.user)}
        )
        status = 200
    context = {"case": case, "step": step, "form": form, "changed_events": changed_events}
    return render(request, "cases/action.html", context, status=status)


def _with_version(form, exc: CaseChanged):
    """The form again, with the version it would now need: the user reviews and resubmits."""
    data = form.data.copy()
    data["version"] = exc.events[0].case_version if exc.events else data.get("version")
    bound = type(form)(data, form.files or None)
    bound.is_valid()
    bound.add_error(None, str(exc))
    return bound


def _initial(case: Case, action: str, access, user) -> dict:
    if action == "identity":
        with transaction.atomic():
            return identity.reveal(case.person, case=case, access=access, by=user)
    if action == "details":
        values = {name: getattr(case, name) for name in services.CASE_FIELDS}
        values["exploitation"] = list(case.exploitation_rows.values_list("form", flat=True))
        return values
    return {}


@require_GET
def attachment_download(request, code: str, pk: int):
    case, _access = get_case_for_user_or_404(request.user, code)
    attachment = get_object_or_404(Attachment, pk=pk, case=case)
    try:
        name, content = services.read_attachment(attachment, by=request.user)
    except DomainPermissionDenied as exc:
        raise PermissionDenied from exc
    response = HttpResponse(content, content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{attachment.pk}{_suffix(name)}"'
    return response


def _suffix(name: str) -> str:
    return name[name.rfind(".") :] if "." in name else ""


@require_POST
def case_export(request, code: str):
    """The whole case file as JSON, for a user with full access, with a stated purpose."""
    case, access = get_case_for_user_or_404(request.user, code)
    if access.level is not Level.FULL:
        raise PermissionDenied
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("State the purpose of the export."))
        return redirect("cases:detail", code=case.code)
    purpose = form.cleaned_data["purpose"]
    with transaction.atomic():
        person = identity.reveal(
            case.person, case=case, access=access, by=request.user, reason=purpose
        )
        document = casefile.export(case, person)
        audit.record(
            "case.exported",
            actor=request.user,
            obj=case,
            reason=purpose,
            changes={"format": "json"},
        )
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="{case.code}.json"'
    return response


@require_GET
def referral_inbox(request):
    """Referrals received by the user's organisation."""
    require_case_role(request.user)
    referrals = (
        Referral.objects.filter(to_organisation_id=request.user.organisation_id)
        .select_related("case", "from_organisation")
        .order_by("-sent_at")
    )
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/referrals.html", {"page": page})
