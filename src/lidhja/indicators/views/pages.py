from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lidhja.accounts.domain.errors import StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.core import figures
from lidhja.core.fragments import list_response, listing
from lidhja.core.pagination import page_of
from lidhja.indicators.domain import services
from lidhja.indicators.interfaces.forms import (
    ComputeForm,
    IndicatorFilterForm,
    IndicatorForm,
    ValueForm,
)
from lidhja.indicators.models import Indicator
from lidhja.plans.models import Plan


def _require_view(user) -> None:
    if not can(user, "indicator.view"):
        raise PermissionDenied


def _require_manage(user) -> None:
    if not can(user, "indicator.manage"):
        raise PermissionDenied


def _plan(request) -> Plan:
    code = request.GET.get("plan") or request.POST.get("plan")
    plan = Plan.objects.filter(code=code).first() if code else Plan.objects.first()
    if plan is None:
        raise Http404
    return plan


# What the list is made of: indicators and their values, the plan's items (codes and texts).
LIST_AREAS = ("indicator", "plan", "plan_node")


@require_GET
def indicator_list(request):
    """A plan's indicators, filtered and paged: the same list for everyone who may see it,
    kept until the next write to indicators or the plan (lidhja.core.fragments)."""
    _require_view(request.user)
    plan = _plan(request)
    filters = IndicatorFilterForm(request.GET or None)

    def list_context() -> dict:
        indicators = Indicator.objects.filter(node__plan=plan).select_related("node")
        if filters.is_valid():
            data = filters.cleaned_data
            if data["chapter"]:
                indicators = indicators.filter(node__chapter=data["chapter"])
            if data["q"]:
                indicators = indicators.filter(
                    Q(name__icontains=data["q"]) | Q(node__code__startswith=data["q"])
                )
            if data["computed"]:
                indicators = indicators.exclude(computation="")
        page, query = page_of(request, indicators)
        count = page.paginator.count
        return {
            "page": page,
            "query": query,
            "count_text": ngettext("%(count)s indicator", "%(count)s indicators", count)
            % {"count": figures.count(count)},
        }

    made = listing(
        request, "indicators/_list.html", list_context, kept_as="indicators", areas=LIST_AREAS
    )
    context = {
        "plan": plan,
        "filters": filters,
        "compute_form": ComputeForm() if can(request.user, "indicator.manage") else None,
    }
    return list_response(request, "indicators/list.html", made, context)


def _detail_context(request, indicator, form=None, value_form=None) -> dict:
    manage = can(request.user, "indicator.manage")
    form = form or IndicatorForm(instance=indicator, initial={"version": indicator.version})
    if not manage:
        form.read_only()
    return {
        "indicator": indicator,
        "form": form,
        "can_manage": manage,
        "value_form": (value_form or ValueForm()) if manage and not indicator.computation else None,
        "values": indicator.values.select_related("period", "entered_by"),
    }


@require_http_methods(["GET", "POST"])
def indicator_detail(request, pk: int):
    _require_view(request.user)
    indicator = get_object_or_404(Indicator.objects.select_related("node__plan"), pk=pk)
    if request.method == "GET":
        return render(request, "indicators/detail.html", _detail_context(request, indicator))
    _require_manage(request.user)
    form = IndicatorForm(request.POST, instance=Indicator.objects.get(pk=pk))
    status = 400
    if form.is_valid():
        changes = {f: form.cleaned_data[f] for f in services.DEFINITION_FIELDS}
        try:
            services.update_indicator(
                indicator, version=form.cleaned_data["version"], by=request.user, **changes
            )
        except StaleObject as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("indicators:detail", pk=pk)
    return render(
        request,
        "indicators/detail.html",
        _detail_context(request, indicator, form=form),
        status=status,
    )


@require_POST
def add_value(request, pk: int):
    _require_manage(request.user)
    indicator = get_object_or_404(Indicator.objects.select_related("node__plan"), pk=pk)
    form = ValueForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.set_value(
                indicator,
                data["period"],
                data["value"],
                by=request.user,
                cell=data["cell"].strip(),
                source=data["source"],
                note=data["note"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Value saved."))
            return redirect("indicators:detail", pk=pk)
    context = _detail_context(request, indicator, value_form=form)
    return render(request, "indicators/detail.html", context, status=400)


@require_POST
def compute(request):
    _require_manage(request.user)
    plan = _plan(request)
    form = ComputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reporting period."))
        return redirect("indicators:list")
    written = services.compute_values(plan, form.cleaned_data["period"], by=request.user)
    messages.success(request, _("%(count)d computed values written.") % {"count": written})
    return redirect("indicators:list")
