from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from lidhja.accounts.domain.permissions import can
from lidhja.organisations.domain.membership import classes_of, members_of
from lidhja.organisations.domain.providers import providers
from lidhja.organisations.interfaces.forms import ImportForm, OrganisationFilterForm
from lidhja.organisations.models import Organisation
from lidhja.plans.domain.queries import organisation_responsibilities
from lidhja.plans.models import AgencyRole


def _require_view(request) -> None:
    if not can(request.user, "organisation.view"):
        raise PermissionDenied


@require_GET
def organisation_list(request):
    _require_view(request)
    filters = OrganisationFilterForm(request.GET or None)
    orgs = Organisation.objects.annotate(
        leads=Count("node_links", filter=Q(node_links__role=AgencyRole.LEAD)),
        supports=Count("node_links", filter=Q(node_links__role=AgencyRole.PARTNER)),
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            orgs = orgs.filter(
                Q(code__icontains=data["q"])
                | Q(name__icontains=data["q"])
                | Q(name_sq__icontains=data["q"])
            )
        for field in ("kind", "level", "qark"):
            if data[field]:
                orgs = orgs.filter(**{field: data[field]})
        if data["service"]:
            orgs = orgs.filter(pk__in=providers(data["service"]).values("pk"))
    template = "organisations/_rows.html" if request.htmx else "organisations/list.html"
    manage = can(request.user, "organisation.manage")
    context = {
        "organisations": orgs,
        "filters": filters,
        "manage": manage,
        "import_form": ImportForm() if manage else None,
    }
    return render(request, template, context)


@require_GET
def organisation_detail(request, code: str):
    _require_view(request)
    return detail_response(request, get_object_or_404(Organisation, code=code))


def detail_response(request, org: Organisation, *, errors=(), status: int = 200):
    items = organisation_responsibilities(org)
    manage = can(request.user, "organisation.manage")
    context = {
        "organisation": org,
        "leads": items[AgencyRole.LEAD],
        "supports": items[AgencyRole.PARTNER],
        "children": org.children.order_by("code"),
        "classes": classes_of(org),
        "members": members_of(org) if org.collective else None,
        "manage": manage,
        "errors": errors,
    }
    return render(request, "organisations/detail.html", context, status=status)
