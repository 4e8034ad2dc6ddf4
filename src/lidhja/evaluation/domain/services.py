"""Evaluation records and remedial actions, and the share of activities evaluated."""

import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import PermissionDenied, StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.core import files, sealed
from lidhja.core.files import checked_upload
from lidhja.evaluation.models import ActionStatus, Evaluation, RemedialAction
from lidhja.organisations.models import Organisation
from lidhja.plans.models import Level, Plan, PlanNode

EVALUATED_TARGET = Decimal(50)  # per cent of activities evaluated (Coordination 4)
# Which status may follow which; a closed action stays closed (a new one is opened instead).
ACTION_TRANSITIONS = {
    ActionStatus.OPEN: {ActionStatus.IN_PROGRESS, ActionStatus.CLOSED},
    ActionStatus.IN_PROGRESS: {ActionStatus.OPEN, ActionStatus.CLOSED},
    ActionStatus.CLOSED: set(),
}


def _require(by: User) -> None:
    if not can(by, "evaluation.manage"):
        raise PermissionDenied(_("You may not record evaluations."))


def _file_context(relative: str) -> str:
    return f"evaluation:{relative}"


def evaluation_file(evaluation: Evaluation) -> bytes:
    """The evaluation report file, opened (the caller has checked the reader's right)."""
    return sealed.read(evaluation.file.name, _file_context(evaluation.file.name))


def sealed_evaluation_files() -> Iterator[tuple[str, str]]:
    """(file name, context) of every evaluation file, for re-sealing (core.sealed)."""
    for relative in Evaluation.objects.exclude(file="").values_list("file", flat=True).iterator():
        yield relative, _file_context(relative)


@files.atomic()
def record_evaluation(
    node: PlanNode,
    *,
    evaluator: str,
    evaluated_on: date,
    findings: str,
    rating: str,
    by: User,
    upload: tuple[str, bytes] | None = None,
) -> Evaluation:
    """Record an evaluation, with the evaluation report file if one is given as (name, bytes):
    sealed at rest, and removed again if the recording rolls back."""
    _require(by)
    if node.level != Level.ACTIVITY:
        raise ValidationError({"node": _("Evaluations are recorded for activities.")})
    evaluation = Evaluation(
        node=node,
        evaluator=evaluator,
        evaluated_on=evaluated_on,
        findings=findings,
        rating=rating,
        recorded_by=by,
    )
    evaluation.full_clean()
    if upload is not None:
        name, content = upload
        evaluation.file_name, evaluation.file_type = checked_upload(
            name, content, settings.LIDHJA_EVIDENCE_MAX_BYTES
        )
        evaluation.file.name = f"evaluations/{uuid.uuid4().hex}.sealed"
        sealed.write(evaluation.file.name, content, _file_context(evaluation.file.name))
    evaluation.save()
    audit.record(
        "evaluation.recorded",
        actor=by,
        obj=evaluation,
        changes={"rating": rating, "evaluated_on": evaluated_on},
    )
    return evaluation


@transaction.atomic
def open_action(
    node: PlanNode,
    *,
    description: str,
    owner: Organisation,
    due_date: date,
    by: User,
    evaluation: Evaluation | None = None,
) -> RemedialAction:
    _require(by)
    action = RemedialAction(
        node=node, evaluation=evaluation, description=description, owner=owner, due_date=due_date
    )
    action.full_clean()
    action.save()
    audit.record(
        "evaluation.action_opened",
        actor=by,
        obj=action,
        changes={"owner": owner.code, "due_date": due_date},
    )
    return action


@transaction.atomic
def move_action(
    action: RemedialAction, status: str, *, version: int, by: User, note: str = ""
) -> RemedialAction:
    _require(by)
    locked = RemedialAction.objects.select_for_update(of=("self",)).get(pk=action.pk)
    if locked.version != version:
        raise StaleObject(_("This action was changed by someone else meanwhile. Reload and retry."))
    if status not in ACTION_TRANSITIONS[ActionStatus(locked.status)]:
        raise ValidationError({"status": _("This change of status is not allowed.")})
    if status == ActionStatus.CLOSED and not note.strip():
        raise ValidationError({"note": _("Say how it was resolved.")})
    previous = locked.status
    locked.status, locked.version = status, locked.version + 1
    if status == ActionStatus.CLOSED:
        locked.closed_on, locked.closure_note = timezone.localdate(), note.strip()
    locked.save()
    audit.record(
        "evaluation.action_moved", actor=by, obj=locked, changes={"status": [previous, status]}
    )
    return locked


def evaluated_share(plan: Plan) -> tuple[int, int, Decimal | None]:
    """(activities evaluated, activities, per cent)."""
    evaluated_ever = Exists(Evaluation.objects.filter(node=OuterRef("pk")))
    counts = PlanNode.objects.filter(plan=plan, level=Level.ACTIVITY).aggregate(
        total=Count("pk"), evaluated=Count("pk", filter=Q(evaluated_ever))
    )
    total, evaluated = counts["total"], counts["evaluated"]
    share = (Decimal(100) * evaluated / total).quantize(Decimal("0.1")) if total else None
    return evaluated, total, share
