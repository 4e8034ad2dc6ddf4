"""Case pages. Every case-bound view goes through `get_case_for_user_or_404`: no case role
answers 403; a case the user may not see answers 404, exactly as a missing one."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lidhja.accounts.domain.errors import DomainError, NotFound, StaleObject
from lidhja.accounts.domain.errors import PermissionDenied as DomainPermissionDenied
from lidhja.accounts.domain.permissions import Scope, can, scope_of
from lidhja.cases.domain import identity, linkage, reading, services, steps, timeline
from lidhja.cases.domain.access import Level, levels_of
from lidhja.cases.domain.queries import CaseFilter
from lidhja.cases.domain.queries import referral_inbox as referral_inbox_of
from lidhja.cases.domain.services import CaseChanged
from lidhja.cases.domain.steps import get_step
from lidhja.cases.interfaces import casefile
from lidhja.cases.interfaces.forms import CaseFilterForm, ExportForm, form_for, open_case_form
from lidhja.cases.models import Attachment, Case
from lidhja.core.errors import domain_errors
from lidhja.core.pagination import page_of


def get_case_for_user_or_404(user, code: str):
    """(case, access) for a case `user` may see at some level: 403 without a case role, 404
    for a case the user may not see, exactly as for a missing one."""
    try:
        return reading.find_case(user, code)
    except NotFound as exc:
        raise Http404 from exc
    except DomainPermissionDenied as exc:
        raise PermissionDenied from exc


@require_GET
@domain_errors
def case_list_page(request):
    reading.require_case_role(request.user)
    form = CaseFilterForm(request.GET or None)
    f = CaseFilter(**form.cleaned_data) if form.is_valid() else CaseFilter()
    cases = reading.search_cases(request.user, f).select_related("managing_organisation")
    page, query = page_of(request, cases)
    levels = levels_of(request.user, list(page.object_list))
    context = {
        "form": form,
        "page": page,
        "rows": [(case, levels[case.pk] is Level.FULL) for case in page.object_list],
        "query": query,
        "can_open": can(request.user, "case.open"),
    }
    template = "cases/_case_rows.html" if request.htmx else "cases/list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def case_new(request):
    if not can(request.user, "case.open"):
        raise PermissionDenied
    form = open_case_form()(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.open_case(
                by=request.user,
                identity_values={name: data.get(name) for name in identity.FIELDS},
                details={name: data[name] for name in services.DETAIL_FIELDS if name in data},
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
            _warn_of_duplicates(request, linkage.warning_for(case, request.user))
            return redirect("cases:detail", code=case.code)
    return render(
        request,
        "cases/new.html",
        {
            "form": form,
            "opens_for_own_unit": scope_of(request.user, "case.open") is Scope.OWN,
            "identity_fields": list(identity.FIELDS),
        },
        status=400 if form.errors else 200,
    )


def _warn_of_duplicates(request, warning: linkage.Warning) -> None:
    """The duplicate warning of a case just opened: codes only of cases the user sees whole."""
    if warning.codes:
        messages.warning(
            request,
            _("Possible same person: %(codes)s. The Responsible Authority will review the match.")
            % {"codes": ", ".join(warning.codes)},
        )
    if warning.unseen:
        messages.warning(
            request,
            _(
                "This person may already be known in a case you cannot see. The Responsible "
                "Authority will review it."
            ),
        )


def _attach_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_GET
@domain_errors
def case_detail(request, code: str):
    view = reading.view_case(request.user, code)
    _mark_rows(view, request.user)
    context = {
        "case": view.case,
        "access": view.access,
        "file": view.parts,
        "actions": [step for step in view.steps if not step.inline and not step.danger],
        "dangers": [step for step in view.steps if step.danger],
        "offered": {step.name for step in view.steps},
        "export_form": ExportForm(),
        "sees_person": view.sees_person,
    }
    return render(request, "cases/detail.html", context)


def _mark_rows(view: reading.CaseView, user) -> None:
    """Which referrals and escalations the page offers a form beside."""
    answerable = {r.pk for r in steps.answerable_referrals(view.case, view.access)}
    resolvable = {e.pk for e in steps.resolvable_escalations(view.case, user)}
    for item in view.parts.get("referrals", []):
        item["answerable"] = item["referral"].pk in answerable
    for item in view.parts.get("escalations", []):
        item["resolvable"] = view.access.can_edit and item["escalation"].pk in resolvable


@never_cache
@require_GET
@domain_errors
def person_panel(request, code: str):
    """The person's identifying data, on request: each showing is audited."""
    case, values = reading.reveal_person(request.user, code)
    fields = [
        (label, casefile.shown(name, values[name]))
        for name, (label, _item) in identity.FIELDS.items()
        if name in values
    ]
    context = {"case": case, "fields": fields, "erased": case.person.erased_at is not None}
    if request.htmx:
        return render(request, "cases/_person.html", context)
    return render(request, "cases/person.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@domain_errors
def case_action(request, code: str, action: str):
    case, access = reading.find_case(request.user, code)
    step = get_step(action)
    if step is None:
        raise Http404
    if not step.allowed(access):
        raise PermissionDenied
    form_class = form_for(step.input)
    changed_events: list = []
    status = 200
    conflict = False
    if request.method == "POST":
        form = form_class(request.POST, request.FILES if step.files else None)
        if form.is_valid():
            try:
                step.run(case, form.cleaned_data, request.user)
            except CaseChanged as exc:
                changed_events, conflict = exc.events, True
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
        status = 409 if conflict else 400
    else:
        initial = {"version": case.version, **_initial(case, action, request.user)}
        initial.update(_chosen(request, step))
        form = form_class(initial=initial, refresh_url=request.path)
    context = {
        "case": case,
        "step": step,
        "form": form,
        "changed_events": changed_events,
        # What changed meanwhile, in words (the same facts as the timeline).
        "changed": [{"event": e, "facts": timeline.facts(e)} for e in changed_events],
        "conditional": any(field.shown_when for field in step.input),
    }
    return render(request, "cases/action.html", context, status=status)


def _chosen(request, step) -> dict:
    """A choice carried by the address (`?service=shelter`, the HTMX refresh of the referral
    form): codes of the step's own vocabularies only, never free text."""
    chosen = {}
    for field in step.input:
        value = request.GET.get(field.name, "")
        if field.choices and value in {str(code) for code, _label in field.choices()}:
            chosen[field.name] = value
    return chosen


def _with_version(form, exc: CaseChanged):
    """The form again, with the version it would now need: the user reviews and resubmits.
    A reader below full access is only told to reload (the timeline is not theirs to see)."""
    data = form.data.copy()
    if exc.events:
        data["version"] = exc.events[0].case_version
    bound = type(form)(data, form.files or None)
    bound.is_valid()
    bound.add_error(None, str(exc))
    return bound


def _initial(case: Case, action: str, user) -> dict:
    if action == "identity":
        _case, values = reading.reveal_person(user, case.code)
        return values
    if action == "details":
        details = services.current_details(case)
        details["exploitation"] = list(case.exploitation_rows.values_list("form", flat=True))
        return details
    return {}


@never_cache
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


@never_cache
@require_POST
@domain_errors
def case_export(request, code: str):
    """The whole case file as JSON, for a user with full access, with a stated purpose."""
    form = ExportForm(request.POST)
    if not form.is_valid():
        reading.find_case(request.user, code)  # 404 or 403 before anything about the form
        messages.error(request, _("State the purpose of the export."))
        return redirect("cases:detail", code=code.upper())
    case, person = reading.export_case_file(
        request.user, code, purpose=form.cleaned_data["purpose"]
    )
    document = casefile.export(case, person)
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="{case.code}.json"'
    return response


@require_GET
def referral_inbox(request):
    """Referrals received by the user's organisation (`?status=sent`: those awaiting an answer)."""
    if not can(request.user, "case.referral_inbox"):
        raise PermissionDenied
    awaiting = request.GET.get("status") == "sent"
    page, query = page_of(request, referral_inbox_of(request.user, awaiting=awaiting))
    return render(
        request, "cases/referrals.html", {"page": page, "query": query, "awaiting": awaiting}
    )
