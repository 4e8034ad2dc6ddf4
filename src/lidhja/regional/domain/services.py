"""The situation assessment workflow: draft → submitted → accepted, or returned → submitted
again; modelled on the progress reports (monitoring.domain.services).

Allowed transitions live in one table. Each change locks the row, checks the version the user
saw, checks the permission again and writes its audit entry in the same transaction. Audit
entries name the sections' fields that changed, never their text.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lidhja.accounts.domain.errors import DomainError, PermissionDenied, StaleObject
from lidhja.accounts.domain.permissions import can
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.organisations.models import Organisation
from lidhja.regional.domain.aggregates import cases_table
from lidhja.regional.domain.halves import Half
from lidhja.regional.domain.queries import is_rcat
from lidhja.regional.domain.sections import ALL_FIELDS, clean_section, completeness_errors
from lidhja.regional.models import Assessment, AssessmentEvent, AssessmentStatus

EDITABLE = (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)


class WrongState(DomainError):
    pass


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    permission: str
    action: str
    refusal: Any  # a lazy translation


TRANSITIONS = {
    "submit": Transition(
        EDITABLE,
        AssessmentStatus.SUBMITTED,
        "regional.write",
        "regional.assessment_submitted",
        gettext_lazy("Only a draft or a returned assessment can be submitted."),
    ),
    "accept": Transition(
        (AssessmentStatus.SUBMITTED,),
        AssessmentStatus.ACCEPTED,
        "regional.review",
        "regional.assessment_accepted",
        gettext_lazy("Only a submitted assessment can be accepted."),
    ),
    "return": Transition(
        (AssessmentStatus.SUBMITTED,),
        AssessmentStatus.RETURNED,
        "regional.review",
        "regional.assessment_returned",
        gettext_lazy("Only a submitted assessment can be returned."),
    ),
}


def _require(by: User, permission: str, organisation: Organisation) -> None:
    if not can(by, permission, organisation):
        raise PermissionDenied(_("You may not do this for this committee's assessment."))


def _locked(assessment: Assessment, version: int | None) -> Assessment:
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=assessment.pk)
    )
    if locked.version != version:
        raise StaleObject(
            _("This assessment was changed by someone else meanwhile. Reload and retry.")
        )
    return locked


@transaction.atomic
def start_assessment(organisation: Organisation, half: Half, *, by: User) -> Assessment:
    """Open the draft assessment of `organisation` for `half` (a half-year already begun)."""
    _require(by, "regional.write", organisation)
    if not is_rcat(organisation):
        raise ValidationError({"organisation": _("Only a regional committee makes assessments.")})
    if half.start > timezone.localdate():
        raise ValidationError({"half": _("This half-year has not begun yet.")})
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                organisation=organisation, year=half.year, half=half.half
            )
    except IntegrityError:
        raise WrongState(_("This half-year's assessment is already started.")) from None
    audit.record("regional.assessment_started", actor=by, obj=assessment)
    return assessment


@transaction.atomic
def save_section(
    assessment: Assessment, section: str, data: dict[str, Any], *, version: int | None, by: User
) -> Assessment:
    """Replace the fields of one section of a draft (or returned) assessment."""
    _require(by, "regional.write", assessment.organisation)
    locked = _locked(assessment, version)
    _require(by, "regional.write", locked.organisation)
    if locked.status not in EDITABLE:
        raise WrongState(_("A submitted or accepted assessment can no longer be edited."))
    values = clean_section(section, data)
    changed = sorted(field for field, value in values.items() if getattr(locked, field) != value)
    if not changed:
        return locked
    for field in changed:
        setattr(locked, field, values[field])
    locked.version += 1
    locked.save(update_fields=[*changed, "version", "updated_at"])
    audit.record(
        "regional.assessment_saved",
        actor=by,
        obj=locked,
        changes={"fields": changed, "section": section},
    )
    return locked


@transaction.atomic
def transition(
    assessment: Assessment, name: str, *, version: int | None, by: User, comment: str = ""
) -> Assessment:
    """Move `assessment` along the workflow: `submit`, `accept` or `return`. Submitting freezes
    the computed cases table as it stands, suppressed."""
    step = TRANSITIONS.get(name)
    if step is None:
        raise ValidationError({"decision": _("No such step.")})
    locked = _locked(assessment, version)
    _require(by, step.permission, locked.organisation)
    if locked.status not in step.sources:
        raise WrongState(str(step.refusal))
    comment = comment.strip()
    if name == "submit":
        errors = completeness_errors({f: getattr(locked, f) for f in ALL_FIELDS})
        if errors:
            raise ValidationError(errors)
    if name == "return" and not comment:
        raise ValidationError({"comment": _("Say what needs to change.")})
    now = timezone.now()
    previous, locked.status = locked.status, step.target
    if name == "submit":
        half = Half(locked.year, locked.half)
        locked.computed = cases_table(locked.organisation.qark, half).as_json()
        locked.submitted_at = locked.submitted_at or now
        locked.last_submitted_at = now
    else:
        locked.reviewed_at, locked.review_comment = now, comment
    locked.version += 1
    locked.save()
    AssessmentEvent.objects.create(
        assessment=locked,
        from_status=previous,
        to_status=step.target,
        actor=by,
        at=now,
        comment=comment,
    )
    audit.record(step.action, actor=by, obj=locked, changes={"status": [previous, step.target]})
    return locked
