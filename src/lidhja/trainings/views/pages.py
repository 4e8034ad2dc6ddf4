"""Pages of trainings: events (list, record, edit, attendance import and template), modules,
the roster (names only where the policy allows, each showing audited) and coverage."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from lidhja.accounts.domain.errors import StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.core.errors import domain_errors
from lidhja.core.uploads import UploadRefused, read_upload
from lidhja.monitoring.interfaces.documents import XLSX
from lidhja.trainings.domain import queries, reading, services
from lidhja.trainings.domain.access import (
    event_to_change,
    find_event,
    find_member,
    may_edit_member,
    may_record,
    may_see_name,
    member_to_change,
    require,
)
from lidhja.trainings.interfaces import attendance
from lidhja.trainings.interfaces.forms import (
    CoverageForm,
    EventFilterForm,
    EventForm,
    ImportForm,
    MemberForm,
    ModuleForm,
    RosterFilterForm,
)
from lidhja.trainings.models import Curriculum, RosterMember

PAGE_SIZE = 50


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _post_edit(request, form, save: Callable[[int], object]) -> int | None:
    """An edit form's answer: None when the POST was saved, else the status to render the form
    with (200 to show it, 400 for bad input, 409 for a stale version)."""
    if request.method != "POST":
        return 200
    if not form.is_valid():
        return 400
    try:
        save(form.cleaned_data["version"] or 0)
    except ValidationError as exc:
        _errors_to_form(form, exc)
        return 400
    except StaleObject as exc:
        form.add_error(None, str(exc))
        return 409
    return None


@require_GET
@domain_errors
def events(request):
    require(request.user, "training.view")
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(queries.events(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_record": can(request.user, "training.record"),
    }
    return render(request, "trainings/events.html", context)


def _event_values(form: EventForm) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


@require_http_methods(["GET", "POST"])
@domain_errors
def event_new(request):
    require(request.user, "training.record")
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.record_event(by=request.user, values=_event_values(form))
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Training event recorded."))
            return redirect("trainings:event", pk=event.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "trainings/event_form.html", {"form": form}, status=status)


@require_GET
@domain_errors
def event(request, pk: int):
    found = find_event(request.user, pk)
    context = {
        "event": found,
        "rows": queries.participants(found),
        "can_record": may_record(request.user, found.provider),
    }
    return render(request, "trainings/event.html", context)


@require_http_methods(["GET", "POST"])
@domain_errors
def event_edit(request, pk: int):
    found = event_to_change(request.user, pk)
    initial = {
        "version": found.version,
        "provider": found.provider,
        "module": found.module,
        "target_group": found.target_group,
        "starts_on": found.starts_on,
        "ends_on": found.ends_on,
        "qark": found.qark,
        "place": found.place,
        "node": found.node,
    }
    form = EventForm(request.POST or None, user=request.user, initial=initial)
    status = _post_edit(
        request,
        form,
        lambda version: services.edit_event(
            found, by=request.user, version=version, values=_event_values(form)
        ),
    )
    if status is None:
        messages.success(request, _("Training event saved."))
        return redirect("trainings:event", pk=found.pk)
    return render(
        request, "trainings/event_form.html", {"form": form, "event": found}, status=status
    )


@require_http_methods(["GET", "POST"])
@domain_errors
def event_import(request, pk: int):
    found = event_to_change(request.user, pk)
    form = ImportForm(
        request.POST or None, request.FILES or None, initial={"version": found.version}
    )
    problems: list[attendance.RowProblem] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                sheet = attendance.import_sheet(
                    read_upload(upload),
                    upload.name,
                    found,
                    by=request.user,
                    version=form.cleaned_data["version"],
                )
            except attendance.AttendanceError as exc:
                problems = exc.problems
            except UploadRefused as exc:
                form.add_error("file", str(exc))
            except StaleObject as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                rows = ngettext(
                    "%(rows)d counted row", "%(rows)d counted rows", len(sheet.counts)
                ) % {"rows": len(sheet.counts)}
                named = ngettext(
                    "%(named)d named participant",
                    "%(named)d named participants",
                    len(sheet.members),
                ) % {"named": len(sheet.members)}
                messages.success(
                    request,
                    _("Attendance imported: %(rows)s, %(named)s.") % {"rows": rows, "named": named},
                )
                return redirect("trainings:event", pk=found.pk)
    context = {"event": found, "form": form, "problems": problems}
    return render(request, "trainings/import.html", context, status=status)


@require_GET
@domain_errors
def event_template(request, pk: int, fmt: str):
    if fmt not in ("xlsx", "csv"):
        raise Http404
    found = event_to_change(request.user, pk)
    if fmt == "csv":
        response = HttpResponse(attendance.template_csv(found), content_type="text/csv")
    else:
        response = HttpResponse(attendance.template_xlsx(found), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="attendance-{found.pk}.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
@domain_errors
def modules(request):
    require(request.user, "training.view")
    manage = can(request.user, "training.modules")
    form = ModuleForm(request.POST or None) if manage else None
    status = 200
    if request.method == "POST":
        require(request.user, "training.modules")
        status = 400
        if form is not None and form.is_valid():
            try:
                services.add_module(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("Training module added."))
                return redirect("trainings:modules")
    context = {"form": form, "modules": Curriculum.objects.select_related("provider")}
    return render(request, "trainings/modules.html", context, status=status)


# --- roster ----------------------------------------------------------------------------------


def _query(request) -> str:
    """The list's filters, for the pager's links (the page number left out)."""
    query = request.GET.copy()
    query.pop("page", None)
    return str(query.urlencode())


def _roster(request) -> tuple[RosterFilterForm, Any]:
    form = RosterFilterForm(request.GET or None)
    members = RosterMember.objects.select_related("organisation")
    if form.is_valid():
        if form.cleaned_data["function"]:
            members = members.filter(function=form.cleaned_data["function"])
        if form.cleaned_data["organisation"]:
            members = members.filter(organisation=form.cleaned_data["organisation"])
    return form, members


@require_GET
@domain_errors
def roster(request):
    require(request.user, "training.view")
    form, members = _roster(request)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "names": {},
        "query": _query(request),
        "can_add": can(request.user, "training.roster_edit"),
        "can_names": can(request.user, "training.roster_names"),
    }
    return render(request, "trainings/roster.html", context)


@never_cache
@require_GET
@domain_errors
def roster_names(request):
    """The roster page with the names the user may see, for the page shown; one audited read."""
    require(request.user, "training.roster_names")
    form, members = _roster(request)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "names": reading.reveal_names(request.user, list(page.object_list)),
        "query": _query(request),
        "can_add": can(request.user, "training.roster_edit"),
        "can_names": True,
        "showing_names": True,
    }
    return render(request, "trainings/roster.html", context)


def _member_values(form: MemberForm) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


@never_cache
@require_http_methods(["GET", "POST"])
@domain_errors
def member_new(request):
    require(request.user, "training.roster_edit")
    form = MemberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_member(by=request.user, values=_member_values(form))
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Roster member added under the reference %(ref)s.") % {"ref": member.reference},
            )
            return redirect("trainings:member", reference=member.reference)
    status = 400 if request.method == "POST" else 200
    return render(request, "trainings/member_form.html", {"form": form}, status=status)


@never_cache
@require_GET
@domain_errors
def member(request, reference: str):
    found = find_member(request.user, reference)
    names = reading.reveal_names(request.user, [found]) if may_see_name(request.user, found) else {}
    context = {
        "member": found,
        "name": names.get(found.reference, ""),
        "attended": found.attendances.select_related("event__module", "event__provider").order_by(
            "-event__starts_on"
        ),
        "can_edit": may_edit_member(request.user, found),
    }
    return render(request, "trainings/member.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@domain_errors
def member_edit(request, reference: str):
    found = member_to_change(request.user, reference)
    initial: dict[str, Any] = {"version": found.version, "organisation": found.organisation}
    if request.method == "GET":
        initial |= reading.name_fields(request.user, found)
        initial |= {
            name: getattr(found, name) for name in services.MEMBER_FIELDS if name != "organisation"
        }
    form = MemberForm(request.POST or None, user=request.user, initial=initial)
    status = _post_edit(
        request,
        form,
        lambda version: services.edit_member(
            found, by=request.user, version=version, values=_member_values(form)
        ),
    )
    if status is None:
        messages.success(request, _("Roster member saved."))
        return redirect("trainings:member", reference=found.reference)
    context = {"form": form, "member": found}
    return render(request, "trainings/member_form.html", context, status=status)


# --- coverage --------------------------------------------------------------------------------


@require_GET
@domain_errors
def coverage(request):
    require(request.user, "training.view")
    form = CoverageForm(request.GET or None)
    on: date = (form.cleaned_data.get("on") if form.is_valid() else None) or timezone.localdate()
    context = {"form": form, "coverage": queries.coverage(on)}
    return render(request, "trainings/coverage.html", context)
