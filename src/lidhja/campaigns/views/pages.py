"""The campaign pages. Views read the forms and call the services; who may do what is asked of
the policy table (`can`), and the services ask again."""

import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lidhja.accounts.domain import errors as domain
from lidhja.accounts.domain.errors import StaleObject
from lidhja.accounts.domain.permissions import Scope, can, scope_of
from lidhja.campaigns.domain import queries, services
from lidhja.campaigns.interfaces.forms import (
    CampaignForm,
    EventEditForm,
    EventForm,
    FilterForm,
    MaterialEditForm,
    MaterialForm,
    ReachForm,
    ReturnForm,
    WithdrawForm,
    organisations,
)
from lidhja.campaigns.models import Campaign, CampaignEvent, CampaignStatus, Material, ReachReport
from lidhja.core.errors import domain_errors
from lidhja.core.uploads import UploadRefused, read_upload


def _require(user, permission: str, organisation=None) -> None:
    if not can(user, permission, organisation):
        raise PermissionDenied


def get_campaign_or_404(user, code: str, queryset=None) -> Campaign:
    """The one way pages reach a campaign: 403 without the right to see campaigns, 404 when
    there is no such campaign."""
    _require(user, "campaigns.view")
    return get_object_or_404(queryset if queryset is not None else Campaign.objects, code=code)


def _attach(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _lead_choices(user):
    """The organisations the user may name as lead (a focal point: its own only)."""
    if scope_of(user, "campaigns.manage") is Scope.ALL:
        return None
    return organisations().filter(pk=user.organisation_id)


@require_GET
def campaign_list(request):
    _require(request.user, "campaigns.view")
    form = FilterForm(request.GET)
    context = {
        "form": form,
        "campaigns": queries.campaign_list(form.filters())[:500],
        "can_create": can(request.user, "campaigns.manage"),
        "can_review": can(request.user, "campaigns.review_reach"),
    }
    template = "campaigns/_rows.html" if request.htmx else "campaigns/list.html"
    return render(request, template, context)


def _save_campaign(request, form, campaign=None) -> tuple[Campaign | None, int]:
    """The campaign saved, or None with the form's errors and the status to answer."""
    values = dict(form.cleaned_data)
    version = values.pop("version", None)
    try:
        if campaign is None:
            return services.create_campaign(values, by=request.user), 302
        return services.edit_campaign(campaign, values, version=version or 0, by=request.user), 302
    except ValidationError as exc:
        _attach(form, exc)
        return None, 400
    except StaleObject as exc:
        form.add_error(None, str(exc))
        return None, 409


@require_http_methods(["GET", "POST"])
@domain_errors
def new_campaign(request):
    _require(request.user, "campaigns.manage")
    form = CampaignForm(request.POST or None, lead_choices=_lead_choices(request.user))
    status = 200
    if request.method == "POST":
        saved, status = _save_campaign(request, form) if form.is_valid() else (None, 400)
        if saved is not None:
            messages.success(request, _("Campaign created."))
            return redirect("campaigns:detail", code=saved.code)
    return render(request, "campaigns/form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@domain_errors
def edit_campaign(request, code: str):
    campaign = get_campaign_or_404(request.user, code)
    _require(request.user, "campaigns.manage", campaign.lead)
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None:
        data["code"] = campaign.code  # the code is fixed once given
    form = CampaignForm(data, instance=campaign, lead_choices=_lead_choices(request.user))
    status = 200
    if request.method == "POST":
        saved, status = _save_campaign(request, form, campaign) if form.is_valid() else (None, 400)
        if saved is not None:
            messages.success(request, _("Campaign saved."))
            return redirect("campaigns:detail", code=campaign.code)
    context = {"form": form, "campaign": campaign}
    return render(request, "campaigns/form.html", context, status=status)


def _detail_context(request, campaign, material_form=None, event_form=None) -> dict:
    manage = can(request.user, "campaigns.manage", campaign.lead)
    return {
        "campaign": campaign,
        "reach": queries.reach_table(campaign, services.quarters(campaign)),
        "can_manage": manage,
        "can_report": can(request.user, "campaigns.report_reach", campaign.lead),
        "can_review": can(request.user, "campaigns.review_reach"),
        "material_form": (material_form or MaterialForm()) if manage else None,
        "event_form": (event_form or EventForm()) if manage else None,
        "materials": queries.current(campaign.materials),
        "events": queries.current(campaign.events),
        "withdrawn_materials": queries.withdrawn(campaign.materials),
        "withdrawn_events": queries.withdrawn(campaign.events),
    }


@require_GET
def campaign_detail(request, code: str):
    campaign = get_campaign_or_404(request.user, code, queries.campaign_detail_queryset())
    return render(request, "campaigns/detail.html", _detail_context(request, campaign))


def _detail_again(request, campaign, status: int, **forms):
    campaign = get_campaign_or_404(request.user, campaign.code, queries.campaign_detail_queryset())
    context = _detail_context(request, campaign, **forms)
    return render(request, "campaigns/detail.html", context, status=status)


@require_POST
@domain_errors
def add_material(request, code: str):
    campaign = get_campaign_or_404(request.user, code)
    _require(request.user, "campaigns.manage", campaign.lead)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            content = read_upload(upload, settings.LIDHJA_EVIDENCE_MAX_BYTES) if upload else b""
            services.add_material(
                campaign, data, by=request.user, upload=(upload.name, content) if upload else None
            )
        except ValidationError as exc:
            _attach(form, exc)
        except UploadRefused as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("Material added."))
            return redirect("campaigns:detail", code=campaign.code)
    return _detail_again(request, campaign, 400, material_form=form)


@require_POST
@domain_errors
def add_event(request, code: str):
    campaign = get_campaign_or_404(request.user, code)
    _require(request.user, "campaigns.manage", campaign.lead)
    form = EventForm(request.POST)
    if form.is_valid():
        try:
            services.add_event(campaign, form.cleaned_data, by=request.user)
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Event recorded."))
            return redirect("campaigns:detail", code=campaign.code)
    return _detail_again(request, campaign, 400, event_form=form)


# --- Corrections of materials and events -----------------------------------------------------

# kind -> (model, edit form, edit service, withdraw service, message when saved, when withdrawn)
ITEMS = {
    "material": (
        Material,
        MaterialEditForm,
        services.edit_material,
        services.withdraw_material,
        gettext_lazy("Material corrected."),
        gettext_lazy("Material withdrawn."),
    ),
    "event": (
        CampaignEvent,
        EventEditForm,
        services.edit_event,
        services.withdraw_event,
        gettext_lazy("Event corrected."),
        gettext_lazy("Event withdrawn."),
    ),
}


def _item(request, code: str, pk: int, kind: str):
    """The campaign and its material or event, for a user who may change the campaign."""
    campaign = get_campaign_or_404(request.user, code)
    _require(request.user, "campaigns.manage", campaign.lead)
    return campaign, get_object_or_404(ITEMS[kind][0], campaign=campaign, pk=pk)


def _item_page(request, campaign, item, kind: str, status: int, form=None, withdraw=None):
    editable = not item.withdrawn
    if not editable and status == 409:  # the form is not shown again: say why it was refused
        messages.error(request, _("This entry was withdrawn; it can no longer be changed."))
    initial = {"version": item.version}
    if editable:
        form = form or ITEMS[kind][1](instance=item, initial=initial)
        withdraw = withdraw or WithdrawForm(initial=initial)
    context = {
        "campaign": campaign,
        "item": item,
        "kind": kind,
        "form": form if editable else None,
        "withdraw_form": withdraw if editable else None,
    }
    return render(request, "campaigns/item.html", context, status=status)


def _change(form, save) -> int | None:
    """None when `save(cleaned_data)` succeeded, else the status to show the form again with
    (400 for bad input, 409 for a stale version or a withdrawn entry)."""
    if not form.is_valid():
        return 400
    try:
        save(form.cleaned_data)
    except ValidationError as exc:
        _attach(form, exc)
        return 400
    except UploadRefused as exc:
        form.add_error("file", str(exc))
        return 400
    except domain.PermissionDenied:
        raise
    except domain.DomainError as exc:
        form.add_error(None, str(exc))
        return 409
    return None


def _save_item(request, item, kind: str, data: dict) -> None:
    values = {k: v for k, v in data.items() if k not in ("version", "file")}
    if kind == "event":
        services.edit_event(item, values, version=data["version"], by=request.user)
        return
    upload = data.get("file")
    content = read_upload(upload, settings.LIDHJA_EVIDENCE_MAX_BYTES) if upload else b""
    services.edit_material(
        item,
        values,
        version=data["version"],
        by=request.user,
        upload=(upload.name, content) if upload else None,
    )


@require_http_methods(["GET", "POST"])
@domain_errors
def edit_item(request, code: str, pk: int, kind: str):
    """Correct a material (its file replaced when a new one is given) or an event."""
    campaign, item = _item(request, code, pk, kind)
    if request.method == "GET":
        return _item_page(request, campaign, item, kind, 200)
    form = ITEMS[kind][1](request.POST, request.FILES, instance=item)
    status = _change(form, lambda data: _save_item(request, item, kind, data))
    if status is None:
        messages.success(request, ITEMS[kind][4])
        return redirect("campaigns:detail", code=campaign.code)
    return _item_page(request, campaign, item, kind, status, form=form)


@require_POST
@domain_errors
def withdraw_item(request, code: str, pk: int, kind: str):
    """Withdraw a material or an event: kept for the audit trail, no longer counted."""
    campaign, item = _item(request, code, pk, kind)
    form = WithdrawForm(request.POST)
    withdraw: Any = ITEMS[kind][3]
    status = _change(
        form,
        lambda data: withdraw(item, data["reason"], version=data["version"], by=request.user),
    )
    if status is None:
        messages.success(request, ITEMS[kind][5])
        return redirect("campaigns:detail", code=campaign.code)
    return _item_page(request, campaign, item, kind, status, withdraw=form)


@require_GET
@domain_errors
def material_file(request, code: str, pk: int):
    campaign = get_campaign_or_404(request.user, code)
    material = get_object_or_404(Material.objects.exclude(file=""), campaign=campaign, pk=pk)
    services.record_material_download(material, by=request.user)
    return FileResponse(
        io.BytesIO(services.material_content(material)),
        as_attachment=True,
        filename=material.file_name,
        content_type=material.file_type,
    )


@require_http_methods(["GET", "POST"])
@domain_errors
def reach(request, code: str, period: str):
    """The reach of one quarter: the lead organisation writes and submits it; everyone who sees
    the campaign reads it, and ONAC may return it."""
    campaign = get_campaign_or_404(request.user, code)
    if period not in services.quarters(campaign):
        raise Http404
    report = ReachReport.objects.filter(campaign=campaign, period__code=period).first()
    may_report = can(request.user, "campaigns.report_reach", campaign.lead)
    editable = may_report and (report is None or report.status in services.REACH_EDITABLE)
    editable = editable and campaign.status != CampaignStatus.PLANNED  # nothing to report yet
    if request.method == "POST" and not may_report:
        raise PermissionDenied
    if request.method == "POST" and not editable:
        if campaign.status == CampaignStatus.PLANNED:
            messages.error(request, _("The campaign did not run in this quarter."))
        else:
            messages.error(request, _("A submitted report can no longer be changed."))
        return render(
            request,
            "campaigns/reach.html",
            _reach_context(request, campaign, period, report, None),
            status=409,
        )
    form = ReachForm(request.POST or None, instance=report) if editable else None
    status = 200
    if request.method == "POST" and form is not None:
        saved, status = (
            _save_reach(request, form, campaign, period) if form.is_valid() else (None, 400)
        )
        if saved is not None:
            if saved.status == "submitted":
                messages.success(request, _("Reach report submitted to ONAC."))
            else:
                messages.success(request, _("Reach report saved."))
            return redirect("campaigns:reach", code=campaign.code, period=period)
    elif form is not None:
        form.initial["version"] = report.version if report else None
    context = _reach_context(request, campaign, period, report, form)
    return render(request, "campaigns/reach.html", context, status=status)


def _reach_context(request, campaign, period, report, form) -> dict:
    return {
        "campaign": campaign,
        "period": period,
        "report": report,
        "form": form,
        "return_form": _return_form(request, report),
    }


def _save_reach(request, form, campaign, period) -> tuple[ReachReport | None, int]:
    """The report saved (and submitted when asked), or None with the form's errors and the
    status to answer."""
    values = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "submit")}
    try:
        saved = services.save_reach(
            campaign, period, values, version=form.cleaned_data["version"], by=request.user
        )
        if form.cleaned_data["submit"]:
            saved = services.submit_reach(saved, version=saved.version, by=request.user)
        return saved, 302
    except ValidationError as exc:
        _attach(form, exc)
        return None, 400
    except StaleObject as exc:
        form.add_error(None, str(exc))
        return None, 409


def _return_form(request, report):
    if report is None or report.status != "submitted":
        return None
    if not can(request.user, "campaigns.review_reach"):
        return None
    return ReturnForm(initial={"version": report.version})


@require_POST
@domain_errors
def return_reach(request, code: str, period: str):
    _require(request.user, "campaigns.review_reach")
    campaign = get_campaign_or_404(request.user, code)
    report = get_object_or_404(ReachReport, campaign=campaign, period__code=period)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what should be corrected."))
        return redirect("campaigns:reach", code=code, period=period)
    try:
        services.return_reach(
            report,
            form.cleaned_data["comment"],
            version=form.cleaned_data["version"],
            by=request.user,
        )
    except (ValidationError, StaleObject) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
        return redirect("campaigns:reach", code=code, period=period)
    messages.success(request, _("Reach report returned to the lead organisation."))
    return redirect("campaigns:reach", code=code, period=period)


@require_GET
def overview(request):
    """ONAC's view of a quarter: the campaigns that ran, and which leads have not reported."""
    _require(request.user, "campaigns.review_reach")
    quarters = queries.overview_quarters(timezone.localdate())
    chosen = request.GET.get("period", "")
    period = chosen if chosen in quarters else (quarters[0] if quarters else None)
    rows = queries.reach_overview(period) if period else []
    context = {
        "quarters": quarters,
        "period": period,
        "rows": rows,
        "missing_leads": queries.leads_not_reported(rows),
    }
    return render(request, "campaigns/overview.html", context)
