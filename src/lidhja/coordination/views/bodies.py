"""Pages of the co-ordination bodies: the list, a body's page, and the posts that change a
body, its members and its meetings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lidhja.accounts.domain.errors import StaleObject
from lidhja.coordination.domain import access, queries, services
from lidhja.coordination.domain.fields import BODY_FIELDS, DECISION_FIELDS, MEETING_FIELDS, shown
from lidhja.coordination.interfaces.forms import (
    EditBodyForm,
    EndMemberForm,
    MeetingForm,
    MemberForm,
    NewBodyForm,
    RepresentativesForm,
)
from lidhja.coordination.models import Body, Membership
from lidhja.coordination.views import common
from lidhja.core.errors import domain_errors

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
    common.require(common.may_view(request.user))
    return _bodies_page(request)


@require_POST
@domain_errors
def body_new(request):
    common.require(access.may_manage(request.user))
    form = NewBodyForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            body = services.create_body(data.pop("code"), data, by=request.user)
        except ValidationError as exc:
            return _bodies_page(request, form, common.refused(request, exc, form))
        messages.success(request, _("Body created."))
        return redirect("coordination:body", code=body.code)
    return _bodies_page(request, form, common.form_errors(request, form))


def _body_page(request, body: Body, status: int = 200, **forms):
    today = timezone.localdate()
    rhythm = queries.rhythms(Body.objects.filter(pk=body.pk), today)[0]
    manage = access.may_manage(request.user)
    record = access.may_record(request.user, body)
    meetings = body.meetings.select_related("body").order_by("-date", "pk")
    decisions = access.visible_decisions(request.user).filter(meeting__body=body)
    attendance = queries.attendance_rates(body, today)
    offered = (
        queries.representatives_offered([row.membership for row in attendance]) if manage else {}
    )
    context = {
        "body": body,
        "today": today,
        "body_fields": shown(BODY_FIELDS, body),
        "rhythm": rhythm,
        "attendance": attendance,
        "members": [(row, offered.get(row.membership.organisation_id, [])) for row in attendance],
        "meetings": [(m, shown(MEETING_FIELDS, m)) for m in meetings[:200]],
        "meeting_fields": MEETING_FIELDS,
        "decision_fields": DECISION_FIELDS,
        "decision_rows": common.decision_rows(
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
    common.require(access.may_manage(request.user))
    form = EditBodyForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_body(found, data, version=version, by=request.user)
        except (ValidationError, StaleObject) as exc:
            return _body_page(request, found, common.refused(request, exc, form), edit_form=form)
        messages.success(request, _("Body saved."))
        return redirect("coordination:body", code=code)
    return _body_page(request, found, common.form_errors(request, form), edit_form=form)


@require_POST
@domain_errors
def member_add(request, code: str):
    found = access.get_body_for_user(request.user, code)
    common.require(access.may_manage(request.user))
    form = MemberForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_member(
                found,
                data["organisation"],
                role=data["role"],
                since=data["since"],
                representatives=list(data["representatives"]),
                by=request.user,
            )
        except ValidationError as exc:
            return _body_page(request, found, common.refused(request, exc, form), member_form=form)
        messages.success(request, _("Member added."))
        return redirect("coordination:body", code=code)
    return _body_page(request, found, common.form_errors(request, form), member_form=form)


def _change_membership(request, pk: int, form_class, change, done: str):
    """A manager's POST changing one membership: the form checked, `change(membership, data)`
    called, the body page again with the error (400, or 409 when stale) or the message."""
    membership = get_object_or_404(Membership.objects.select_related("body"), pk=pk)
    found = access.get_body_for_user(request.user, membership.body.code)
    common.require(access.may_manage(request.user))
    form = form_class(request.POST)
    if not form.is_valid():
        return _body_page(request, found, common.form_errors(request, form))
    try:
        change(membership, form.cleaned_data)
    except (ValidationError, StaleObject) as exc:
        return _body_page(request, found, common.refused(request, exc, form))
    messages.success(request, done)
    return redirect("coordination:body", code=found.code)


@require_POST
@domain_errors
def member_end(request, pk: int):
    def change(membership, data):
        services.end_membership(membership, data["until"], version=data["version"], by=request.user)

    return _change_membership(request, pk, EndMemberForm, change, _("Membership ended."))


@require_POST
@domain_errors
def member_representatives(request, pk: int):
    def change(membership, data):
        services.change_representatives(
            membership,
            list(data["representatives"]),
            version=data["version"],
            by=request.user,
        )

    return _change_membership(request, pk, RepresentativesForm, change, _("Representatives saved."))


@require_POST
@domain_errors
def meeting_new(request, code: str):
    found = access.get_body_for_user(request.user, code)
    common.require(access.may_record(request.user, found))
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.record_meeting(found, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            return _body_page(request, found, common.refused(request, exc, form), meeting_form=form)
        messages.success(request, _("Meeting recorded."))
        return redirect("coordination:meeting", pk=meeting.pk)
    return _body_page(request, found, common.form_errors(request, form), meeting_form=form)
