import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lidhja.accounts.domain.errors import StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.core.uploads import UploadRefused, read_upload
from lidhja.evaluation.domain import services
from lidhja.evaluation.domain.queries import overdue, remedial_actions
from lidhja.evaluation.interfaces.forms import ActionForm, EvaluationForm, MoveForm
from lidhja.evaluation.models import Evaluation, RemedialAction
from lidhja.plans.models import Plan

ACTION_IDS = "action_%s"


def _require(user, permission: str) -> None:
    if not can(user, permission):
        raise PermissionDenied


def _context(request, evaluation_form=None, action_form=None) -> dict:
    plan = Plan.objects.filter(code=request.GET.get("plan")).first() or Plan.objects.first()
    if plan is None:
        raise Http404
    evaluated, total, share = services.evaluated_share(plan)
    manage = can(request.user, "evaluation.manage")
    actions = remedial_actions(plan)
    # `?actions=overdue`: only the actions past their due date (the home page's count).
    only_overdue = request.GET.get("actions") == "overdue"
    if only_overdue:
        actions = overdue(actions)
    return {
        "plan": plan,
        "evaluated": evaluated,
        "total": total,
        "share": share,
        "target": services.EVALUATED_TARGET,
        "today": timezone.localdate(),
        "only_overdue": only_overdue,
        "evaluations": Evaluation.objects.filter(node__plan=plan).select_related("node")[:200],
        "actions": [
            (
                a,
                MoveForm(
                    initial={"version": a.version, "status": a.status}, auto_id=f"move-{a.pk}-%s"
                )
                if manage
                else None,
            )
            for a in actions[:500]
        ],
        "evaluation_form": (evaluation_form or EvaluationForm()) if manage else None,
        # The two forms share field names; their own ids keep labels and error links apart.
        "action_form": (action_form or ActionForm(auto_id=ACTION_IDS)) if manage else None,
    }


@require_GET
def overview(request):
    _require(request.user, "evaluation.view")
    return render(request, "evaluation/overview.html", _context(request))


def _attach(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_POST
def new_evaluation(request):
    _require(request.user, "evaluation.manage")
    form = EvaluationForm(request.POST, request.FILES)
    if form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            content = read_upload(upload, settings.LIDHJA_EVIDENCE_MAX_BYTES) if upload else b""
            services.record_evaluation(
                by=request.user, upload=(upload.name, content) if upload else None, **data
            )
        except ValidationError as exc:
            _attach(form, exc)
        except UploadRefused as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("Evaluation recorded."))
            return redirect("evaluation:overview")
    return render(
        request, "evaluation/overview.html", _context(request, evaluation_form=form), status=400
    )


@require_POST
def new_action(request):
    _require(request.user, "evaluation.manage")
    form = ActionForm(request.POST, auto_id=ACTION_IDS)
    if form.is_valid():
        services.open_action(by=request.user, **form.cleaned_data)
        messages.success(request, _("Remedial action opened."))
        return redirect("evaluation:overview")
    return render(
        request, "evaluation/overview.html", _context(request, action_form=form), status=400
    )


@require_POST
def move(request, pk: int):
    _require(request.user, "evaluation.manage")
    action = get_object_or_404(RemedialAction, pk=pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.move_action(
                action,
                form.cleaned_data["status"],
                version=form.cleaned_data["version"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except (ValidationError, StaleObject) as exc:
            messages.error(
                request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            )
            return redirect("evaluation:overview")
        messages.success(request, _("Remedial action updated."))
    return redirect("evaluation:overview")


@require_GET
def evaluation_file(request, pk: int):
    _require(request.user, "evaluation.view")
    evaluation = get_object_or_404(Evaluation.objects.exclude(file=""), pk=pk)
    return FileResponse(
        io.BytesIO(services.evaluation_file(evaluation)),
        as_attachment=True,
        filename=evaluation.file_name,
        content_type=evaluation.file_type,
    )
