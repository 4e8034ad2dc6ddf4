from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lidhja.accounts.domain.errors import PermissionDenied as DomainPermissionDenied
from lidhja.accounts.domain.permissions import Scope, can, scope_of
from lidhja.plans.models import Chapter, Plan
from lidhja.resources.domain import services
from lidhja.resources.domain.queries import NATIONAL_TARGET, stored_resource_summary
from lidhja.resources.interfaces.forms import RateForm, ResourceLineForm, YearForm
from lidhja.resources.models import ExchangeRate, ResourcePlanLine


def _require(user, permission: str) -> None:
    if not can(user, permission):
        raise PermissionDenied


@require_GET
def summary(request):
    _require(request.user, "resources.view")
    plan = Plan.objects.filter(code=request.GET.get("plan")).first() or Plan.objects.first()
    if plan is None:
        raise Http404
    form = YearForm(request.GET or None)
    year = (form.cleaned_data["year"] if form.is_valid() else None) or plan.start_year + 1
    result = stored_resource_summary(plan, year)
    chapters = [(Chapter(c).label, result.by_chapter.get(c)) for c in Chapter.values]
    context = {
        "plan": plan,
        "year": year,
        "form": form,
        "summary": result,
        "chapters": chapters,
        "organisations": sorted(result.by_organisation.items()),
        "target": NATIONAL_TARGET,
    }
    return render(request, "resources/summary.html", context)


@require_http_methods(["GET", "POST"])
def plan_line(request):
    _require(request.user, "resources.plan")
    form = ResourceLineForm(
        request.POST or None, user=request.user, initial={"year": timezone.localdate().year}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.plan_resources(by=request.user, **data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except DomainPermissionDenied as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("Resource plan line saved."))
                return redirect("resources:plan")
    lines = ResourcePlanLine.objects.select_related("organisation", "node", "donor")
    if scope_of(request.user, "resources.plan") is Scope.OWN:
        lines = lines.filter(organisation_id=request.user.organisation_id)
    return render(
        request, "resources/plan.html", {"form": form, "lines": lines[:500]}, status=status
    )


@require_http_methods(["GET", "POST"])
def rates(request):
    _require(request.user, "resources.view")
    manage = can(request.user, "resources.rates")
    form = RateForm(request.POST or None) if manage else None
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if form is not None and form.is_valid():
            services.set_rate(
                form.cleaned_data["year"],
                form.cleaned_data["currency"],
                form.cleaned_data["lek"],
                by=request.user,
            )
            messages.success(request, _("Exchange rate saved."))
            return redirect("resources:rates")
    return render(
        request,
        "resources/rates.html",
        {"form": form, "rates": ExchangeRate.objects.all()},
        status=400 if request.method == "POST" else 200,
    )
