"""Helpline pages. Every call-bound view goes through helpline.domain.queries.call_for: no
helpline role answers 403; a call of another organisation answers 404, like a missing one."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lidhja.accounts.domain.errors import DomainError, StaleObject
from lidhja.accounts.domain.errors import PermissionDenied as DomainPermissionDenied
from lidhja.accounts.domain.permissions import can
from lidhja.core.errors import domain_errors
from lidhja.helpline.domain import queries, services
from lidhja.helpline.interfaces.forms import call_form, correct_form, open_case_form
from lidhja.helpline.models import Call


def attach_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _day(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


def _now_initial() -> dict[str, object]:
    now = timezone.localtime()
    return {"received_on": now.date(), "received_time": now.strftime("%H:%M")}


@require_http_methods(["GET", "POST"])
@domain_errors
def call_log(request):
    """The operator's log: the quick entry form, and the calls of a day (today first)."""
    calls = queries.calls_for(request.user)
    form = call_form()(request.POST or None, initial=_now_initial())
    if request.method == "POST" and form.is_valid():
        try:
            call = services.log_call(by=request.user, values=form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Call %(ref)s logged.") % {"ref": call.reference})
            return redirect("helpline:calls")
    day = _day(request)
    context = {"form": form, "calls": queries.on_day(calls, day), "day": day}
    template = "helpline/_call_rows.html" if request.htmx else "helpline/calls.html"
    return render(request, template, context, status=400 if form.errors else 200)


@require_GET
@domain_errors
def call_detail(request, reference: str):
    call = queries.call_for(request.user, reference)
    context = {
        "call": call,
        "rows": queries.rows(call),
        "can_open_case": call.case_id is None and can(request.user, "helpline.open_case"),
    }
    return render(request, "helpline/detail.html", context)


def _change(request, reference: str, form_class, template: str, run):
    call: Call = queries.call_for(request.user, reference)
    initial = {**queries.current_values(call), "version": call.version}
    form = form_class(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            result = run(call, data)
        except ValidationError as exc:
            attach_errors(form, exc)
        except StaleObject as exc:
            form.add_error(None, str(exc))
            status = 409
        except DomainPermissionDenied:
            raise  # domain_errors: 403
        except DomainError as exc:  # a case already opened from the call
            form.add_error(None, str(exc))
            status = 409
        else:
            messages.success(request, result)
            return redirect("helpline:call", reference=call.reference)
    if form.errors and status == 200:
        status = 400
    return render(request, template, {"call": call, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@domain_errors
def call_correct(request, reference: str):
    def run(call, data):
        services.correct_call(call, by=request.user, version=data.pop("version"), values=data)
        return _("Call %(ref)s corrected.") % {"ref": call.reference}

    return _change(request, reference, correct_form(), "helpline/correct.html", run)


@require_http_methods(["GET", "POST"])
@domain_errors
def call_open_case(request, reference: str):
    if not can(request.user, "helpline.open_case"):
        raise PermissionDenied
    if queries.call_for(request.user, reference).case_id is not None:
        # Say so before the operator types what the case would hold.
        messages.info(request, _("A case has already been opened from this call."))
        return redirect("helpline:call", reference=reference)

    def run(call, data):
        case = services.open_case_from_call(
            call, by=request.user, version=data.pop("version"), values=data
        )
        return _("Potential case %(code)s opened from call %(ref)s.") % {
            "code": case.code,
            "ref": call.reference,
        }

    return _change(request, reference, open_case_form(), "helpline/open_case.html", run)
