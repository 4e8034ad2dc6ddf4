from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lidhja.accounts.domain.errors import DomainError
from lidhja.accounts.domain.permissions import can, scope_of
from lidhja.core import figures
from lidhja.core.fragments import kept, list_response, listing
from lidhja.core.pagination import page_of
from lidhja.monitoring.domain import services
from lidhja.monitoring.domain.drafting import save_draft
from lidhja.monitoring.domain.figures import (
    MONITORING_AREAS,
    compliance_figures,
    periods_with_obligations,
)
from lidhja.monitoring.domain.lists import filtered, grouped
from lidhja.monitoring.domain.obligations import derive_obligations
from lidhja.monitoring.domain.periods import ensure_period, set_due_date
from lidhja.monitoring.domain.queries import (
    chapter_rows,
    compliance_counts,
    compliance_rows,
    missing_reports,
    next_to_review,
    obligations_for,
)
from lidhja.monitoring.interfaces.forms import (
    ComplianceFilterForm,
    DueDateForm,
    ObligationFilterForm,
    OpenPeriodForm,
    ReportForm,
    ReviewForm,
    SubmitForm,
)
from lidhja.monitoring.interfaces.summary import report_answers
from lidhja.monitoring.models import Obligation, ProgressReport, ReportingPeriod
from lidhja.organisations.models import Organisation

OBLIGATIONS = "monitoring/_obligations.html"
COMPLIANCE = "monitoring/_compliance.html"


def _require_view(user) -> None:
    if not can(user, "monitoring.view"):
        raise PermissionDenied


def get_obligation_for_user_or_404(user, pk: int) -> Obligation:
    """The one way to an obligation: another organisation's answers 404, like a missing one."""
    _require_view(user)
    obligation = (
        # With its report: the page, its forms and the next report to review read it here.
        Obligation.objects.select_related("period", "node__plan", "organisation", "report")
        .filter(pk=pk)
        .first()
    )
    if obligation is None or not can(user, "monitoring.view", obligation.organisation):
        raise Http404
    return obligation


def _period_or_404(user, code: str) -> ReportingPeriod:
    _require_view(user)
    return get_object_or_404(ReportingPeriod, code=code.upper())


PERIODS_TABLE = "monitoring/_periods_table.html"


@require_http_methods(["GET", "POST"])
def period_list(request):
    _require_view(request.user)
    form = OpenPeriodForm(request.POST or None) if can(request.user, "monitoring.review") else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            period = ensure_period(form.cleaned_data["period"])
            created = derive_obligations(form.cleaned_data["plan"], period, by=request.user)
            messages.success(
                request,
                _("%(count)d obligations derived for %(period)s.")
                % {"count": created, "period": period.code},
            )
            return redirect("monitoring:obligations", period=period.code)

    def table(periods: Iterable[ReportingPeriod]) -> str:
        return render_to_string(PERIODS_TABLE, {"periods": periods})

    if scope_of(request.user, "monitoring.view") == "all":
        # The same for everyone who sees every organisation: kept until monitoring data change.
        made = kept("periods-table", ("monitoring",), lambda: table(periods_with_obligations()))
    else:
        made = table(
            ReportingPeriod.objects.filter(
                obligations__organisation_id=request.user.organisation_id
            )
            .annotate(owed=Count("obligations"))
            .distinct()
        )
    context = {"table": mark_safe(made), "form": form}  # noqa: S308 -- our template's
    return render(request, "monitoring/periods.html", context)


def _count_text(count: int) -> str:
    return ngettext("%(count)s report owed", "%(count)s reports owed", count) % {
        "count": figures.count(count)
    }


def _kept(request, name: str) -> dict[str, Any]:
    """Lists as whoever sees every organisation sees them (ONAC, observers) are the same for
    all of them, and kept until the next write to monitoring data; the others' are not."""
    if scope_of(request.user, "monitoring.view") != "all":
        return {"kept_as": None}
    return {"kept_as": f"monitoring:{name}", "areas": MONITORING_AREAS}


@require_GET
def period_obligations(request, period: str):
    """The obligations of a period the user may see (all for ONAC, their organisation's for a
    focal point), filtered, grouped and paged; an HTMX request gets the list alone."""
    period_obj = _period_or_404(request.user, period)
    filters = ObligationFilterForm(request.GET)
    valid = filters.is_valid()
    data = filters.cleaned_data if valid else {}
    group = data.get("group") or "chapter"

    def list_context() -> dict[str, Any]:
        obligations = grouped(filtered(obligations_for(request.user, period_obj), data), group)
        page, query = page_of(request, obligations)
        return {
            "period": period_obj,
            "page": page,
            "query": query,
            "group": group,
            "count_text": _count_text(page.paginator.count),
        }

    made = listing(
        request, OBLIGATIONS, list_context, **_kept(request, f"obligations:{period_obj.code}")
    )
    context = {
        "period": period_obj,
        "filters": filters,
        "due_form": DueDateForm(initial={"due_date": period_obj.due_date})
        if can(request.user, "monitoring.review")
        else None,
    }
    return list_response(request, "monitoring/obligations.html", made, context, valid=valid)


def _compliance_count_text(count: int, group: str) -> str:
    if group == "chapter":
        text = ngettext("%(count)s chapter", "%(count)s chapters", count)
    else:
        text = ngettext("%(count)s organisation", "%(count)s organisations", count)
    return text % {"count": figures.count(count)}


@require_GET
def period_compliance(request, period: str):
    """Reporting compliance per organisation or per chapter, paged; ONAC's figures are kept
    until the next write to monitoring data (monitoring.domain.figures)."""
    period_obj = _period_or_404(request.user, period)
    filters = ComplianceFilterForm(request.GET)
    valid = filters.is_valid()
    data = filters.cleaned_data if valid else {}
    group = data.get("group") or "organisation"
    chapter = data.get("chapter") or ""

    def list_context() -> dict[str, Any]:
        rows: list[Any]
        if scope_of(request.user, "monitoring.view") == "all":
            rows = compliance_figures(period_obj, group, chapter)
        else:
            orgs = Organisation.objects.filter(pk=request.user.organisation_id)
            counts = compliance_counts(period_obj, orgs, by=group, chapter=chapter)
            rows = (
                compliance_rows(period_obj, counts)
                if group == "organisation"
                else chapter_rows(period_obj, counts)
            )
        if data.get("missing"):
            # Only the rows whose reports are missing (the home page's count links here).
            rows = missing_reports(rows)
        page, query = page_of(request, rows)
        return {
            "period": period_obj,
            "page": page,
            "query": query,
            "group": group,
            "overdue": timezone.localdate() > period_obj.due_date,
            "count_text": _compliance_count_text(page.paginator.count, group),
        }

    made = listing(
        request, COMPLIANCE, list_context, **_kept(request, f"compliance:{period_obj.code}")
    )
    context = {"period": period_obj, "filters": filters}
    return list_response(request, "monitoring/compliance.html", made, context, valid=valid)


def report_context(request, obligation: Obligation, report_form=None, review_form=None) -> dict:
    report = obligation.report_or_none
    can_edit = can(request.user, "monitoring.report", obligation.organisation) and (
        report is None or report.status in services.EDITABLE_STATUSES
    )
    if can_edit and report_form is None:
        initial = {"version": report.version} if report else {}
        report_form = ReportForm(instance=report, initial=initial)
    can_review = (
        report is not None
        and report.status == "submitted"
        and can(request.user, "monitoring.review")
    )
    if can_review and review_form is None and report is not None:
        review_form = ReviewForm(initial={"version": report.version})
    return {
        "obligation": obligation,
        "node": obligation.node,
        "report": report,
        # The one who may edit gets the form; everyone else reads the answers as text.
        "form": report_form if can_edit else None,
        "answers": report_answers(report) if report is not None and not can_edit else [],
        "can_edit": can_edit,
        "review_form": review_form if can_review else None,
        "events": report.events.select_related("actor") if report else [],
        "evidence": report.evidence.all() if report else [],
        # After each review ONAC is offered the next report waiting, in a stable order. It
        # is the same for every reviewer until a report, the plan or the registry changes.
        "next_review": kept(
            f"next-review:{obligation.pk}",
            ("monitoring", "plan_node", "organisation"),
            lambda: next_to_review(obligation),
        )
        if can(request.user, "monitoring.review")
        else None,
    }


@require_http_methods(["GET", "POST"])
def obligation_report(request, pk: int):
    """The report page. Its one form saves the draft with any evidence file chosen, and with
    the button "Submit to ONAC" also submits it; a refusal changes nothing."""
    obligation = get_obligation_for_user_or_404(request.user, pk)
    if request.method == "GET":
        return render(request, "monitoring/report.html", report_context(request, obligation))
    if not can(request.user, "monitoring.report", obligation.organisation):
        raise PermissionDenied
    existing = ProgressReport.objects.filter(obligation=obligation).first()
    form = ReportForm(request.POST, request.FILES, instance=existing)
    submit = request.POST.get("action") == "submit"
    status = 400
    if form.is_valid():
        values = {f: form.cleaned_data[f] for f in services.REPORT_FIELDS}
        try:
            save_draft(
                obligation,
                values,
                version=form.cleaned_data["version"],
                by=request.user,
                evidence=form.evidence_files(),
                submit=submit,
            )
        except ValidationError as exc:  # an incomplete report, a refused file
            _add_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc))
            status = 409
        else:
            done = _("Report submitted to ONAC.") if submit else _("Report saved as a draft.")
            messages.success(request, done)
            return redirect("monitoring:report", pk=pk)
    context = report_context(request, obligation, report_form=form)
    return render(request, "monitoring/report.html", context, status=status)


def _add_errors(form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _transition(request, obligation: Obligation, name: str, version: int, comment: str = ""):
    report = get_object_or_404(ProgressReport, obligation=obligation)
    services.transition(report, name, version=version, by=request.user, comment=comment)


@require_POST
def report_submit(request, pk: int):
    obligation = get_obligation_for_user_or_404(request.user, pk)
    if not can(request.user, "monitoring.report", obligation.organisation):
        raise PermissionDenied
    form = SubmitForm(request.POST)
    if not form.is_valid():
        return redirect("monitoring:report", pk=pk)
    try:
        _transition(request, obligation, "submit", form.cleaned_data["version"])
    except ValidationError as exc:
        report = ProgressReport.objects.get(obligation=obligation)
        report_form = ReportForm.refused(report, exc.message_dict)
        return render(
            request,
            "monitoring/report.html",
            report_context(request, obligation, report_form=report_form),
            status=400,
        )
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("monitoring:report", pk=pk)
    messages.success(request, _("Report submitted to ONAC."))
    return redirect("monitoring:report", pk=pk)


@require_POST
def report_review(request, pk: int):
    obligation = get_obligation_for_user_or_404(request.user, pk)
    if not can(request.user, "monitoring.review"):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            _transition(request, obligation, data["decision"], data["version"], data["comment"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Review recorded."))
            return redirect("monitoring:report", pk=pk)
    context = report_context(request, obligation, review_form=form)
    return render(request, "monitoring/report.html", context, status=400)


@require_POST
def period_due_date(request, period: str):
    period_obj = _period_or_404(request.user, period)
    if not can(request.user, "monitoring.review"):
        raise PermissionDenied
    form = DueDateForm(request.POST)
    if form.is_valid():
        try:
            set_due_date(period_obj, form.cleaned_data["due_date"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Due date changed."))
    else:
        messages.error(request, _("Enter a valid date."))
    return redirect("monitoring:obligations", period=period_obj.code)
