"""National statistics pages: the published periods, a period's tables (or, for ONAC, the draft
of a period not yet published) with its CSV, XLSX and PDF downloads, publishing, and the
definitions registry."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lidhja.accounts.domain.errors import DomainError, StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.publication.domain import services
from lidhja.publication.domain.periods import Period
from lidhja.publication.domain.queries import releases
from lidhja.publication.interfaces.documents import FORMATS, build_download, document_in, grids
from lidhja.publication.interfaces.forms import DefinitionForm, PeriodForm
from lidhja.publication.models import Definition


def _require(user, permission: str = "statistics.view") -> None:
    if not can(user, permission):
        raise PermissionDenied


def _period(code: str) -> Period:
    try:
        return Period.parse(code)
    except ValidationError:
        raise Http404 from None


@require_GET
def index(request):
    _require(request.user)
    form = None
    if can(request.user, "statistics.publish"):
        form = PeriodForm(request.GET or None)
        if form.is_valid():
            return redirect("publication:period", form.cleaned_data["period"].code)
    status = 400 if form is not None and form.is_bound else 200
    context = {"releases": releases(), "form": form}
    return render(request, "publication/index.html", context, status=status)


@require_GET
def period_page(request, period: str):
    _require(request.user)
    wanted = request.GET.get("format", "html")
    if wanted != "html" and wanted not in FORMATS:
        return HttpResponseBadRequest(_("format: give html, csv, xlsx or pdf."))
    lang = get_language() or "en"
    publisher = can(request.user, "statistics.publish")
    document = document_in(_period(period), lang, as_draft=publisher and wanted == "html")
    if document is None:
        raise Http404
    if wanted != "html":
        download = build_download(document, wanted, lang)
        response = HttpResponse(download.content, content_type=download.content_type)
        response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
        return response
    context = {"document": document, "grids": grids(document), "can_publish": publisher}
    return render(request, "publication/period.html", context)


@require_POST
def publish(request, period: str):
    _require(request.user, "statistics.publish")
    try:
        services.publish(_period(period), by=request.user)
    except DomainError as exc:
        return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
    messages.success(request, _("%(period)s is published.") % {"period": period})
    return redirect("publication:period", period)


@require_GET
def definitions(request):
    _require(request.user)
    lang = get_language() or "en"
    latest: dict[str, Definition] = {}
    for definition in Definition.objects.order_by("code", "version"):
        latest[definition.code] = definition
    rows = [(d, d.title(lang)) for d in latest.values()]
    return render(request, "publication/definitions.html", {"definitions": rows})


@require_http_methods(["GET", "POST"])
def definition(request, code: str):
    _require(request.user)
    versions = list(Definition.objects.filter(code=code).order_by("-version"))
    if not versions:
        raise Http404
    editor = can(request.user, "statistics.define")
    form = DefinitionForm(initial=DefinitionForm.initial_from(versions[0])) if editor else None
    status = 200
    if request.method == "POST":
        _require(request.user, "statistics.define")
        form = DefinitionForm(request.POST)
        status = 400
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                with transaction.atomic():
                    services.define(
                        code, values, version=form.cleaned_data["version"], by=request.user
                    )
            except StaleObject as exc:
                form.add_error(None, str(exc))
                status = 409
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("A new version of the definition is saved."))
                return redirect("publication:definition", code)
    lang = get_language() or "en"
    context = {
        "latest": versions[0],
        "versions": [(d, d.title(lang), d.inclusion(lang)) for d in versions],
        "form": form,
    }
    return render(request, "publication/definition.html", context, status=status)
