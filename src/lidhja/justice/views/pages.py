"""Proceeding pages. Every proceeding-bound view goes through justice.domain.access: no justice
role answers 403; a proceeding of another office answers 404, exactly as a missing one."""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from lidhja.accounts.domain.errors import DomainError, StaleObject
from lidhja.accounts.domain.errors import PermissionDenied as DomainPermissionDenied
from lidhja.accounts.domain.permissions import can
from lidhja.core.errors import domain_errors
from lidhja.core.pagination import page_of
from lidhja.justice.domain import reading, services
from lidhja.justice.domain.access import find_proceeding
from lidhja.justice.domain.steps import get_step, offered_steps
from lidhja.justice.interfaces.forms import MAX_ID, form_for, register_form


def attach_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_GET
@domain_errors
def proceeding_list(request):
    proceedings = reading.list_for(request.user)
    page, query = page_of(request, proceedings)
    return render(
        request,
        "justice/list.html",
        {"page": page, "query": query, "can_register": can(request.user, "justice.edit")},
    )


@require_http_methods(["GET", "POST"])
def proceeding_new(request):
    if not can(request.user, "justice.edit"):
        raise PermissionDenied
    form = register_form()(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proceeding = services.register_proceeding(
                by=request.user,
                registered_on=form.cleaned_data["registered_on"],
                offences=list(form.cleaned_data["offences"]),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        else:
            messages.success(request, _("Proceeding %(code)s registered.") % {"code": proceeding})
            return redirect("justice:detail", code=proceeding.code)
    status = 400 if form.errors else 200
    return render(request, "justice/new.html", {"form": form}, status=status)


@require_GET
@domain_errors
def proceeding_detail(request, code: str):
    view = reading.view_proceeding(request.user, code)
    context = {
        "proceeding": view.proceeding,
        "parts": view.parts,
        "can_edit": view.can_edit,
        "actions": view.steps,
        "offered": {step.name for step in view.steps},
    }
    return render(request, "justice/detail.html", context)


@never_cache
@require_GET
@domain_errors
def defendant_identities(request, code: str):
    """The defendants' identifying data, on request: each showing is audited."""
    proceeding, shown = reading.reveal_defendants(request.user, code)
    rows = [(d, {**values, "born": _day(values.get("date_of_birth"))}) for d, values in shown]
    return render(
        request, "justice/identities.html", {"proceeding": proceeding, "defendants": rows}
    )


def _day(value: str | None) -> date | None:
    """A date in the user's language's format on the page, not the stored ISO text."""
    return date.fromisoformat(value) if value else None


def _defendant_choices(form, proceeding) -> None:
    """The defendant of a stage, chosen among this proceeding's (the API takes its id)."""
    if "defendant" in form.fields:
        choices = [("", "–"), *((d.pk, d.code) for d in proceeding.defendants.all())]
        form.fields["defendant"].widget = forms.Select(choices=choices)


@never_cache
@require_http_methods(["GET", "POST"])
@domain_errors
def proceeding_action(request, code: str, action: str):
    proceeding = find_proceeding(request.user, code)
    step = get_step(action)
    if step is None:
        raise Http404
    if step not in offered_steps(proceeding, request.user):
        raise PermissionDenied
    form_class = form_for(step.input)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        _defendant_choices(form, proceeding)
        if form.is_valid():
            try:
                step.run(proceeding, form.cleaned_data, request.user)
            except ValidationError as exc:
                attach_errors(form, exc)
            except DomainPermissionDenied as exc:
                raise PermissionDenied from exc
            except StaleObject as exc:
                form.add_error(None, str(exc))
                status = 409
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(request, _("Saved."))
                return redirect("justice:detail", code=proceeding.code)
        status = status if status != 200 else 400
    else:
        initial = _initial(request, proceeding, action)
        form = form_class(initial={"version": proceeding.version, **initial})
        _defendant_choices(form, proceeding)
    context = {
        "proceeding": proceeding,
        "step": step,
        "form": form,
        "choose_defendant": action == "defendant-edit" and request.method == "GET",
        "defendants": proceeding.defendants.all(),
    }
    return render(request, "justice/action.html", context, status=status)


def _initial(request, proceeding, action: str) -> dict:
    if action == "offences":
        return {"offences": list(proceeding.offences.values_list("article", flat=True))}
    if action == "defendant-edit":
        return _defendant_initial(request, proceeding)
    return {}


def _defendant_initial(request, proceeding) -> dict:
    """The chosen defendant's current values (`?defendant=ID`); showing them is audited."""
    chosen = forms.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    try:
        pk = chosen.clean(request.GET.get("defendant") or None)
    except ValidationError:
        pk = None
    if pk is None:
        return {}
    return reading.defendant_values(request.user, proceeding.code, pk) or {}
