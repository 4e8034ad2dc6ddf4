"""Pages of the co-ordination bodies: list, body, meeting, calendar, decisions; and the posts
that change them, each through one service of coordination.domain.services."""

import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from lidhja.accounts.domain.errors import StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.coordination.domain import access, queries, services
from lidhja.coordination.domain.fields import BODY_FIELDS, DECISION_FIELDS, MEETING_FIELDS, shown
from lidhja.coordination.interfaces.forms import (
    AttendanceForm,
    ChangeMeetingForm,
    CloseDecisionForm,
    DecisionForm,
    EditBodyForm,
    EndMemberForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    NewBodyForm,
)
from lidhja.coordination.models import Body, Membership
from lidhja.core.errors import domain_errors
from lidhja.core.uploads import UploadRefused, read_upload
from lidhja.organisations.models import Organisation, Qark


def _require(allowed: bool) -> None:
    if not allowed:
        raise HttpPermissionDenied


def _say(request, errors: dict[str, list[str]], form=None) -> int:
    """Put each refused field into the messages, by its label; the status to answer with."""
    for field, texts in errors.items():
        label = form.fields[field].label if form is not None and field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(texts)}" if label else " ".join(texts))
    return 400


def _refused(request, exc: ValidationError | StaleObject, form=None) -> int:
    if isinstance(exc, StaleObject):
        messages.error(request, str(exc))
        return 409
    if hasattr(exc, "error_dict"):
        return _say(request, exc.message_dict, form)
    return _say(request, {"": exc.messages})


def _form_errors(request, form) -> int:
    return _say(request, {field: list(texts) for field, texts in form.errors.items()}, form)


def _decision_rows(user, decisions) -> list:
    return [
        (
            d,
            shown(DECISION_FIELDS, d),
            CloseDecisionForm(initial={"version": d.version})
            if d.status == "open" and access.may_close(user, d)
            else None,
        )
        for d in decisions
    ]


# --- Bodies ----------------------------------------------------------------------------------


def _bodies_page(request, new_form=None, status: int = 200):
    bodies = access.visible_bodies(request.user).order_by("kind", "code")
    rows = [(r, shown(BODY_FIELDS, r.body)) for r in queries.rhythms(bodies)]
    manage = access.may_manage(request.user)
    context = {
        "fields": BODY_FIELDS,
        "rows": rows,
        "new_form": (new_form or NewBodyForm()) if manage else None,
    }
    return render(request, "coordination/bodies.html", context, status=status)


@require_GET
@domain_errors
def bodies(request):
    _require(_may_view(request.user))
    return _bodies_page(request)


def _may_view(user) -> bool:
    return can(user, "coordination.view")


@require_POST
@domain_errors
def body_new(request):
    _require(access.may_manage(request.user))
    form = NewBodyForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            body = services.create_body(data.pop("code"), data, by=request.user)
        except ValidationError as exc:
            return _bodies_page(request, form, _refused(request, exc, form))
        messages.success(request, _("Body created."))
        return redirect("coordination:body", code=body.code)
    return _bodies_page(request, form, _form_errors(request, form))


def _body_page(request, body: Body, status: int = 200, **forms):
    today = timezone.localdate()
    rhythm = queries.rhythms(Body.objects.filter(pk=body.pk), today)[0]
    manage = access.may_manage(request.user)
    record = access.may_record(request.user, body)
    meetings = body.meetings.select_related("body").order_by("-date", "pk")
    decisions = access.visible_decisions(request.user).filter(meeting__body=body)
    context = {
        "body": body,
        "today": today,
        "body_fields": shown(BODY_FIELDS, body),
        "rhythm": rhythm,
        "attendance": queries.attendance_rates(body, today),
        "meetings": [(m, shown(MEETING_FIELDS, m)) for m in meetings[:200]],
        "meeting_fields": MEETING_FIELDS,
        "decision_fields": DECISION_FIELDS,
        "decision_rows": _decision_rows(
            request.user,
            queries.decisions_of(decisions, "open", today).select_related(
                "meeting__body__secretariat", "owner"
            ),
        ),
        "closable": True,
        "manage": manage,
        "edit_form": forms.get("edit_form") or (EditBodyForm.for_body(body) if manage else None),
        "member_form": forms.get("member_form") or (MemberForm() if manage else None),
        "meeting_form": forms.get("meeting_form") or (MeetingForm() if record else None),
        "end_form": EndMemberForm(initial={"until": today}) if manage else None,
    }
    return render(request, "coordination/body.html", context, status=status)


@require_GET
@domain_errors
def body(request, code: str):
    return _body_page(request, access.get_body_for_user(request.user, code))


@require_POST
@domain_errors
def body_edit(request, code: str):
    found = access.get_body_for_user(request.user, code)
    _require(access.may_manage(request.user))
    form = EditBodyForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_body(found, data, version=version, by=request.user)
        except (ValidationError, StaleObject) as exc:
            return _body_page(request, found, _refused(request, exc, form), edit_form=form)
        messages.success(request, _("Body saved."))
        return redirect("coordination:body", code=code)
    return _body_page(request, found, _form_errors(request, form), edit_form=form)


@require_POST
@domain_errors
def member_add(request, code: str):
    found = access.get_body_for_user(request.user, code)
    _require(access.may_manage(request.user))
    form = MemberForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_member(
                found, data["organisation"], role=data["role"], since=data["since"], by=request.user
            )
        except ValidationError as exc:
            return _body_page(request, found, _refused(request, exc, form), member_form=form)
        messages.success(request, _("Member added."))
        return redirect("coordination:body", code=code)
    return _body_page(request, found, _form_errors(request, form), member_form=form)


@require_POST
@domain_errors
def member_end(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("body"), pk=pk)
    found = access.get_body_for_user(request.user, membership.body.code)
    _require(access.may_manage(request.user))
    form = EndMemberForm(request.POST)
    if form.is_valid():
        try:
            services.end_membership(
                membership,
                form.cleaned_data["until"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except (ValidationError, StaleObject) as exc:
            return _body_page(request, found, _refused(request, exc, form))
        messages.success(request, _("Membership ended."))
        return redirect("coordination:body", code=found.code)
    return _body_page(request, found, _form_errors(request, form))


@require_POST
@domain_errors
def meeting_new(request, code: str):
    found = access.get_body_for_user(request.user, code)
    _require(access.may_record(request.user, found))
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.record_meeting(found, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            return _body_page(request, found, _refused(request, exc, form), meeting_form=form)
        messages.success(request, _("Meeting recorded."))
        return redirect("coordination:meeting", pk=meeting.pk)
    return _body_page(request, found, _form_errors(request, form), meeting_form=form)


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
        "decision_rows": _decision_rows(request.user, decisions),
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
    _require(access.may_record(request.user, found.body))
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
            return _meeting_page(request, found, _refused(request, exc, form), change_form=form)
        messages.success(request, _("Meeting saved."))
        return redirect("coordination:meeting", pk=pk)
    return _meeting_page(request, found, _form_errors(request, form), change_form=form)


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
            return _meeting_page(request, found, _refused(request, exc, form))
        messages.success(request, _("Attendance saved."))
        return redirect("coordination:meeting", pk=pk)
    return _meeting_page(request, found, _form_errors(request, form))


@require_POST
@domain_errors
def minutes_upload(request, pk: int):
    found = _recorder_meeting(request, pk)
    form = MinutesForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            content = read_upload(upload, settings.LIDHJA_EVIDENCE_MAX_BYTES)
            services.add_minutes(
                found, upload.name, content, version=form.cleaned_data["version"], by=request.user
            )
        except (ValidationError, StaleObject) as exc:
            return _meeting_page(request, found, _refused(request, exc, form))
        except UploadRefused as exc:
            messages.error(request, str(exc))
            return _meeting_page(request, found, 400)
        messages.success(request, _("Minutes added."))
        return redirect("coordination:meeting", pk=pk)
    return _meeting_page(request, found, _form_errors(request, form))


@require_GET
@domain_errors
def minutes(request, pk: int):
    found = access.get_meeting_for_user(request.user, pk)
    content = services.open_minutes(found, by=request.user)
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
            return _meeting_page(request, found, _refused(request, exc, form), decision_form=form)
        messages.success(request, _("Decision recorded."))
        return redirect("coordination:meeting", pk=pk)
    return _meeting_page(request, found, _form_errors(request, form), decision_form=form)


@require_POST
@domain_errors
def decision_close(request, pk: int):
    decision = access.get_decision_for_user(request.user, pk)
    _require(access.may_close(request.user, decision))
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
            return _decisions_page(request, _refused(request, exc, form))
        messages.success(request, _("Decision closed."))
    else:
        return _decisions_page(request, _form_errors(request, form))
    if back or not access.visible_meetings(request.user).filter(pk=decision.meeting_id).exists():
        return redirect("coordination:decisions")
    return redirect("coordination:meeting", pk=decision.meeting_id)


# --- Calendar and decisions ------------------------------------------------------------------


@require_GET
@domain_errors
def calendar(request):
    _require(_may_view(request.user))
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
        "decision_rows": _decision_rows(request.user, decisions[:500]),
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
    _require(_may_view(request.user))
    return _decisions_page(request)
