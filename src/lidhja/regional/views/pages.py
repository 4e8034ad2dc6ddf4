"""The pages of the regional committees: the list of assessments, an assessment (read, edit
by section, submit, review) and a committee member's home page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lidhja.accounts.domain.errors import DomainError, StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.core.errors import domain_errors
from lidhja.home.domain.queues import queue_for
from lidhja.organisations.models import Organisation
from lidhja.regional.domain import services
from lidhja.regional.domain.aggregates import COLUMNS
from lidhja.regional.domain.halves import BadHalf, Half
from lidhja.regional.domain.home import home_of
from lidhja.regional.domain.queries import (
    assessment_of,
    default_year,
    grid,
    is_overdue,
    may_review,
    may_write,
    rcat_for_user,
)
from lidhja.regional.domain.reading import COLUMN_LABELS, shown_sections, table_of, table_rows
from lidhja.regional.domain.sections import SECTIONS
from lidhja.regional.interfaces.documents import assessment_pdf, assessment_workbook
from lidhja.regional.interfaces.forms import ReviewForm, SectionForms, VersionForm
from lidhja.regional.models import Assessment, AssessmentStatus

DOWNLOADS = {
    "xlsx": (
        assessment_workbook,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pdf": (assessment_pdf, "application/pdf"),
}


def _require_view(user) -> None:
    if not can(user, "regional.view"):
        raise PermissionDenied


def _half(code: str) -> Half:
    try:
        return Half.parse(code)
    except BadHalf:
        raise Http404 from None


def _target(request, org: str, half: str) -> tuple[Organisation, Half]:
    """The committee and half-year of the address, if the user may see them (404 otherwise)."""
    _require_view(request.user)
    return rcat_for_user(request.user, org), _half(half)


def _assessment_or_404(organisation: Organisation, half: Half) -> Assessment:
    assessment = assessment_of(organisation, half)
    if assessment is None:
        raise Http404
    return assessment


@require_GET
@domain_errors
def assessment_list(request):
    _require_view(request.user)
    try:
        year = int(request.GET.get("year") or default_year())
    except ValueError:
        year = default_year()
    year = min(max(year, 2000), 2100)
    context = {
        "year": year,
        "rows": grid(request.user, year),
        "previous": year - 1,
        "next": year + 1,
    }
    return render(request, "regional/list.html", context)


def _context(request, organisation, half, assessment, **extra):
    writer = may_write(request.user, organisation)
    editable = assessment is not None and assessment.status in services.EDITABLE and writer
    context = {
        "organisation": organisation,
        "half": half,
        "assessment": assessment,
        "overdue": is_overdue(half, assessment),
        "can_start": assessment is None and writer,
        "can_edit": editable,
        "sections": shown_sections(assessment) if assessment else [],
        "columns": [COLUMN_LABELS[c] for c in COLUMNS],
        "events": assessment.events.select_related("actor") if assessment else [],
        "version_form": VersionForm(initial={"version": assessment.version})
        if assessment
        else None,
    }
    if assessment is not None:
        table, frozen = table_of(assessment)
        context.update(table=table, table_rows=table_rows(table), frozen=frozen)
    if (
        assessment is not None
        and assessment.status == AssessmentStatus.SUBMITTED
        and may_review(request.user)
    ):
        context["review_form"] = extra.pop(
            "review_form", ReviewForm(initial={"version": assessment.version})
        )
    context.update(extra)
    return context


@require_GET
@domain_errors
def assessment_page(request, org: str, half: str):
    organisation, half_obj = _target(request, org, half)
    assessment = assessment_of(organisation, half_obj)
    return render(
        request, "regional/assessment.html", _context(request, organisation, half_obj, assessment)
    )


@require_POST
@domain_errors
def start(request, org: str, half: str):
    organisation, half_obj = _target(request, org, half)
    if not may_write(request.user, organisation):
        raise PermissionDenied
    try:
        services.start_assessment(organisation, half_obj, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("regional:assessment", org=organisation.code, half=half_obj.code)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Assessment started as a draft."))
    return redirect("regional:assessment", org=organisation.code, half=half_obj.code)


@require_http_methods(["GET", "POST"])
@domain_errors
def section(request, org: str, half: str, section: str):
    organisation, half_obj = _target(request, org, half)
    if section not in SECTIONS:
        raise Http404
    assessment = _assessment_or_404(organisation, half_obj)
    if not may_write(request.user, organisation):
        raise PermissionDenied
    forms = SectionForms(section, assessment, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if forms.is_valid():
            try:
                services.save_section(
                    assessment, section, forms.values(), version=forms.version, by=request.user
                )
            except StaleObject as exc:
                forms.form.add_error(None, str(exc))
                status = 409
            except ValidationError as exc:
                forms.form.add_error(None, exc.messages)
            except DomainError as exc:
                forms.form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(request, _("Section saved."))
                return redirect("regional:assessment", org=organisation.code, half=half_obj.code)
    context = {
        "organisation": organisation,
        "half": half_obj,
        "assessment": assessment,
        "forms": forms,
    }
    template = "regional/_section_form.html" if request.htmx else "regional/section.html"
    return render(request, template, context, status=status)


def _step(request, organisation, half_obj, name: str, version: int, comment: str = ""):
    assessment = _assessment_or_404(organisation, half_obj)
    return services.transition(assessment, name, version=version, by=request.user, comment=comment)


@require_POST
@domain_errors
def submit(request, org: str, half: str):
    organisation, half_obj = _target(request, org, half)
    if not may_write(request.user, organisation):
        raise PermissionDenied
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and retry."))
        return redirect("regional:assessment", org=organisation.code, half=half_obj.code)
    try:
        _step(request, organisation, half_obj, "submit", form.cleaned_data["version"])
    except ValidationError as exc:
        assessment = assessment_of(organisation, half_obj)
        context = _context(request, organisation, half_obj, assessment, refusal=exc.messages)
        return render(request, "regional/assessment.html", context, status=400)
    except StaleObject as exc:
        messages.error(request, str(exc))
        assessment = assessment_of(organisation, half_obj)
        context = _context(request, organisation, half_obj, assessment)
        return render(request, "regional/assessment.html", context, status=409)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Assessment submitted to ONAC."))
    return redirect("regional:assessment", org=organisation.code, half=half_obj.code)


@require_POST
@domain_errors
def review(request, org: str, half: str):
    organisation, half_obj = _target(request, org, half)
    if not may_review(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            _step(
                request, organisation, half_obj, data["decision"], data["version"], data["comment"]
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except DomainError as exc:
            form.add_error(None, str(exc))
            status = 409
        else:
            messages.success(request, _("Review recorded."))
            return redirect("regional:assessment", org=organisation.code, half=half_obj.code)
    assessment = assessment_of(organisation, half_obj)
    context = _context(request, organisation, half_obj, assessment, review_form=form)
    return render(request, "regional/assessment.html", context, status=status)


@require_GET
@domain_errors
def download(request, org: str, half: str, fmt: str):
    """The assessment as XLSX or PDF, in the user's language."""
    organisation, half_obj = _target(request, org, half)
    if fmt not in DOWNLOADS:
        raise Http404
    assessment = _assessment_or_404(organisation, half_obj)
    builder, content_type = DOWNLOADS[fmt]
    response = HttpResponse(builder(assessment), content_type=content_type)
    name = f"assessment-{organisation.code}-{half_obj.code}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def home(request):
    """A committee member's home page (core:home sends them here)."""
    if not can(request.user, "regional.home") or request.user.organisation is None:
        raise PermissionDenied
    organisation = request.user.organisation
    found = home_of(request.user, organisation)
    context = {
        "home": found,
        "queue": queue_for(request.user),
        "columns": [COLUMN_LABELS[c] for c in COLUMNS],
        "tables": [(table, table_rows(table)) for table in found.tables],
    }
    return render(request, "regional/home.html", context)
