"""The dashboard and the monitoring documents: on screen, as PDF and as XLSX."""

from csp.decorators import csp_update
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lidhja.accounts.domain.permissions import can
from lidhja.monitoring.domain.dashboard import tiles
from lidhja.monitoring.domain.reporting import (
    compliance_trend,
    latest_period,
    midterm_report,
    period_codes,
    quarterly_report,
    status_by_chapter,
)
from lidhja.monitoring.interfaces.charts import status_chart, trend_chart
from lidhja.monitoring.interfaces.documents import FORMATS, report_context
from lidhja.monitoring.interfaces.forms import DashboardForm
from lidhja.monitoring.models import ReportingPeriod
from lidhja.monitoring.views import documents
from lidhja.organisations.models import Organisation
from lidhja.plans.models import Plan

LANGUAGES = ("en", "sq")


def _require_view(user) -> None:
    if not can(user, "monitoring.view"):
        raise PermissionDenied


def _plan(request, code: str | None = None) -> Plan:
    code = code or request.GET.get("plan")
    plan = Plan.objects.filter(code=code).first() if code else Plan.objects.first()
    if plan is None:
        raise Http404
    return plan


def _chart_img(plan: Plan, period: ReportingPeriod, kind: str, alt: str) -> str:
    url = reverse("monitoring:chart", args=[plan.code, period.code, kind])
    return format_html('<img src="{}" alt="{}">', url, alt)


def _downloads(request) -> list[tuple[str, str, str]]:
    return [(fmt, lang, f"{fmt.upper()} ({lang.upper()})") for fmt in FORMATS for lang in LANGUAGES]


def _page(request, report, *, title: str, body: str, download_base: str):
    charts = {
        "status_chart": _chart_img(
            report.plan, report.period, "status", _("Activities by implementation status")
        )
    }
    if hasattr(report, "trend"):
        charts["trend_chart"] = _chart_img(
            report.plan, report.period, "trend", _("Reports submitted on time, per period")
        )
    context = report_context(report, charts)
    context.update(
        title=title,
        body_template=body,
        links=True,
        download_base=download_base,
        downloads=_downloads(request),
    )
    return render(request, "monitoring/report_page.html", context)


@require_GET
def dashboard(request):
    """The national dashboard: headline figures of a plan as of a period (the latest, unless
    the period picker names another), with links to the documents."""
    _require_view(request.user)
    form = DashboardForm(request.GET or None, periods=period_codes())
    if request.GET and not form.is_valid():
        return render(request, "monitoring/dashboard.html", {"form": form}, status=400)
    chosen = form.cleaned_data if request.GET else {}
    plan = chosen.get("plan") or _plan(request, None)
    code = chosen.get("period")
    period = ReportingPeriod.objects.get(code=code) if code else latest_period(plan)
    if period is None:
        return render(request, "monitoring/no_data.html", {"plan": plan})
    if not request.GET:
        form = DashboardForm({"plan": plan.code, "period": period.code}, periods=period_codes())
    context = {
        "form": form,
        "plan": plan,
        "period": period,
        "tiles": tiles(plan, period),
        "threshold": settings.LIDHJA_PUBLICATION_THRESHOLD,
    }
    return render(request, "monitoring/dashboard.html", context)


@require_GET
def midterm_page(request, plan: str, period: ReportingPeriod | None = None):
    _require_view(request.user)
    plan_obj = _plan(request, plan)
    period = period or _period_param(request, plan_obj)
    base = reverse("monitoring:midterm_download", args=[plan_obj.code, "x"])[: -len(".x")]
    return _page(
        request,
        midterm_report(plan_obj, period),
        title=_("Mid-term progress report"),
        body="monitoring/documents/_midterm_body.html",
        download_base=base,
    )


def _period_param(request, plan: Plan) -> ReportingPeriod:
    code = request.GET.get("period")
    if code:
        return get_object_or_404(ReportingPeriod, code=code.upper())
    period = latest_period(plan)
    if period is None:
        raise Http404
    return period


@require_GET
def quarterly_page(request, period: str):
    _require_view(request.user)
    plan = _plan(request)
    period_obj = get_object_or_404(ReportingPeriod, code=period.upper())
    base = reverse("monitoring:quarterly_download", args=[period_obj.code, "x"])[: -len(".x")]
    return _page(
        request,
        quarterly_report(plan, period_obj),
        title=_("Quarterly monitoring report %(period)s") % {"period": period_obj.code},
        body="monitoring/documents/_quarterly_body.html",
        download_base=base,
    )


def _download(
    request, kind: str, plan: Plan, period: ReportingPeriod, fmt: str
) -> HttpResponseBase:
    lang = request.GET.get("lang", "en")
    return documents.respond(request, kind, fmt, lang, plan=plan, period=period)


@require_GET
def quarterly_download(request, period: str, fmt: str):
    _require_view(request.user)
    period_obj = get_object_or_404(ReportingPeriod, code=period.upper())
    return _download(request, "quarterly", _plan(request), period_obj, fmt)


@require_GET
def midterm_download(request, plan: str, fmt: str):
    _require_view(request.user)
    plan_obj = _plan(request, plan)
    return _download(request, "midterm", plan_obj, _period_param(request, plan_obj), fmt)


# The chart is an image document: its own inline styles are what draws it, and it runs no
# script, so its response allows inline style only.
# django-csp types a view as taking the request alone; this one takes URL arguments too.
@csp_update({"style-src": ["'unsafe-inline'"]})  # type: ignore[arg-type]
@require_GET
def chart(request, plan: str, period: str, kind: str):
    _require_view(request.user)
    plan_obj = _plan(request, plan)
    period_obj = get_object_or_404(ReportingPeriod, code=period.upper())
    if kind == "status":
        svg = status_chart(status_by_chapter(plan_obj, period_obj))
    elif kind == "trend":
        svg = trend_chart(compliance_trend(plan_obj, until=period_obj))
    else:
        raise Http404
    return HttpResponse(svg, content_type="image/svg+xml")


@require_GET
def card_download(request, organisation: str, fmt: str):
    """An organisation's report card: for its own focal points, ONAC and observers."""
    org = get_object_or_404(Organisation, code=organisation)
    if not can(request.user, "monitoring.view", org):
        raise PermissionDenied if not can(request.user, "monitoring.view") else Http404
    plan = _plan(request)
    lang = request.GET.get("lang", "en")
    period = _period_param(request, plan)
    return documents.respond(request, "card", fmt, lang, plan=plan, period=period, organisation=org)
