"""Pages of meetings, minutes and decisions, and the calendar."""

import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from lidhja.accounts.domain.errors import StaleObject
from lidhja.coordination.domain import access, queries, services
from lidhja.coordination.domain import minutes as minutes_domain
from lidhja.coordination.domain.fields import DECISION_FIELDS, MEETING_FIELDS, shown
from lidhja.coordination.interfaces.forms import (
    AttendanceForm,
    ChangeMeetingForm,
    CloseDecisionForm,
    DecisionForm,
    MinutesForm,
)
from lidhja.coordination.views import common
from lidhja.core.errors import domain_errors
from lidhja.core.uploads import UploadRefused, read_upload
from lidhja.organisations.models import Organisation, Qark

# --- Meetings --------------------------------------------------------------------------------


def _meeting_page(request, meeting, status: int = 200, **forms):
    body = meeting.body
    record = access.may_record(request.user, body)
    members = queries.members_on(body, meeting.date)
    present = {
        a.organisation.code: a.presence for a in meeting.attendance.select_related("organisation")
    }
    decisions = meeting.decisions.select_related("meeting__body__secretariat", "owner")
    context = {
        "meeting": meeting,
        "body": body,
        "fields": shown(MEETING_FIELDS, meeting),
        "attendance": [(m, present.get(m.organisation.code, "")) for m in members],
        "record": record,
        "read_minutes": access.may_read_minutes(request.user, body),
        "decision_fields": DECISION_FIELDS,
        "decision_rows": common.decision_rows(request.user, decisions),
        "closable": True,
        "today": timezone.localdate(),
        "change_form": forms.get("change_form")
        or (
            ChangeMeetingForm(
                initial={
                    "version": meeting.version,
                    "date": meeting.date,
                    "place": meeting.place,
                    "agenda": meeting.agenda,
                    "status": meeting.status,
                }
            )
            if record
            else None
        ),
        "attendance_form": forms.get("attendance_form")
        or (
            AttendanceForm(members=members, current=present, initial={"version": meeting.version})
            if record and meeting.status == "held"
            else None
        ),
        "minutes_form": (
            MinutesForm(initial={"version": meeting.version})
            if record and meeting.status == "held"
            else None
        ),
        "decision_form": forms.get("decision_form")
        or (DecisionForm() if record and meeting.status == "held" else None),
    }
    return render(request, "coordination/meeting.html", context, status=status)


@require_GET
@domain_errors
def meeting(request, pk: int):
    return _meeting_page(request, access.get_meeting_for_user(request.user, pk))


def _recorder_meeting(request, pk: int):
    found = access.get_meeting_for_user(request.user, pk)
    common.require(access.may_record(request.user, found.body))
    return found


@require_POST
@domain_errors
def meeting_change(request, pk: int):
    found = _recorder_meeting(request, pk)
    form = ChangeMeetingForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.change_meeting(found, data, version=version, by=request.user)
        except (ValidationError, StaleObject) as exc:
            return _meeting_page(
                request, found, common.refused(request, exc, form), change_form=form
            )
        messages.success(request, _("Meeting saved."))
        return redirect("coordination:meeting", pk=pk)
    return _meeting_page(request, found, common.form_errors(request, form), change_form=form)


@require_POST
@domain_errors
def attendance(request, pk: int):
    found = _recorder_meeting(request, pk)
    members = queries.members_on(found.body, found.date)
    form = AttendanceForm(request.POST, members=members)
    if form.is_valid():
        try:
            services.record_attendance(
                found, form.presences(), version=form.cleaned_data["version"], by=request.user
            )
        except (ValidationError, StaleObject) as exc:
            return _meeting_page(request, found, common.refused(request, exc, form))
        messages.success(request, _("Attendance saved."))
        return redirect("coordination:meeting", pk=pk)
    return _meeting_page(request, found, common.form_errors(request, form))


@require_POST
@domain_errors
def minutes_upload(request, pk: int):
    found = _recorder_meeting(request, pk)
    form = MinutesForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            content = read_upload(upload, settings.LIDHJA_EVIDENCE_MAX_BYTES)
            minutes_domain.add_minutes(
                found, upload.name, content, version=form.cleaned_data["version"], by=request.user
            )
        except (ValidationError, StaleObject) as exc:
            return _meeting_page(request, found, common.refused(request, exc, form))
        except UploadRefused as exc:
            messages.error(request, str(exc))
            return _meeting_page(request, found, 400)
        messages.success(request, _("Minutes added."))
        return redirect("coordination:meeting", pk=pk)
    return _meeting_page(request, found, common.form_errors(request, form))


@require_GET
@domain_errors
def minutes(request, pk: int):
    found = access.get_meeting_for_user(request.user, pk)
    content = minutes_domain.open_minutes(found, by=request.user)
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=found.minutes_name,
        content_type=found.minutes_type,
    )


@require_POST
@domain_errors
def decision_new(request, pk: int):
    found = _recorder_meeting(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.record_decision(found, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            return _meeting_page(
                request, found, common.refused(request, exc, form), decision_form=form
            )
        messages.success(request, _("Decision recorded."))
        return redirect("coordination:meeting", pk=pk)
    return _meeting_page(request, found, common.form_errors(request, form), decision_form=form)


@require_POST
@domain_errors
def decision_close(request, pk: int):
    decision = access.get_decision_for_user(request.user, pk)
    common.require(access.may_close(request.user, decision))
    form = CloseDecisionForm(request.POST)
    back = request.POST.get("next") == "decisions"
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.close_decision(
                decision,
                data["status"],
                note=data["note"],
                version=data["version"],
                by=request.user,
            )
        except (ValidationError, StaleObject) as exc:
            return _decisions_page(request, common.refused(request, exc, form))
        messages.success(request, _("Decision closed."))
    else:
        return _decisions_page(request, common.form_errors(request, form))
    if back or not access.visible_meetings(request.user).filter(pk=decision.meeting_id).exists():
        return redirect("coordination:decisions")
    return redirect("coordination:meeting", pk=decision.meeting_id)


# --- Calendar and decisions ------------------------------------------------------------------


@require_GET
@domain_errors
def calendar(request):
    common.require(common.may_view(request.user))
    bodies = access.visible_bodies(request.user).order_by("code")
    meetings = access.visible_meetings(request.user).select_related("body")
    code, qark = request.GET.get("body", ""), request.GET.get("qark", "")
    if code:
        meetings = meetings.filter(body__code=code)
    if qark:
        meetings = meetings.filter(body__qark=qark)
    context = {
        "months": queries.by_month(meetings),
        "bodies": bodies,
        "qarks": Qark.choices,
        "chosen": {"body": code, "qark": qark},
        "today": timezone.localdate(),
    }
    return render(request, "coordination/calendar.html", context)


STATES = ("open", "overdue", "closed", "all")


def _decisions_page(request, status: int = 200):
    state = request.GET.get("state", "open")
    state = state if state in STATES else "open"
    owner = request.GET.get("owner", "")
    decisions = access.visible_decisions(request.user).select_related(
        "meeting__body__secretariat", "owner"
    )
    if owner:
        decisions = decisions.filter(owner__code=owner)
    decisions = queries.decisions_of(decisions, state).order_by("due_date", "pk")
    owners = Organisation.objects.filter(
        pk__in=access.visible_decisions(request.user).values("owner")
    )
    context = {
        "decision_fields": DECISION_FIELDS,
        "decision_rows": common.decision_rows(request.user, decisions[:500]),
        "closable": True,
        "today": timezone.localdate(),
        "states": [(s, _STATE_LABELS[s]) for s in STATES],
        "owners": owners.order_by("code"),
        "chosen": {"state": state, "owner": owner},
    }
    return render(request, "coordination/decisions.html", context, status=status)


_STATE_LABELS = {
    "open": gettext_lazy("Open"),
    "overdue": gettext_lazy("Overdue"),
    "closed": gettext_lazy("Closed"),
    "all": gettext_lazy("All"),
}


@require_GET
@domain_errors
def decisions(request):
    common.require(common.may_view(request.user))
    return _decisions_page(request)
