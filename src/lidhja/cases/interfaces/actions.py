"""The steps of a case on the pages, as one table: form, service, who may take it, and when
it is offered. The API has its own table of serializers (cases.api.actions) over the same
services, so both apply the same rules."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from lidhja.cases.domain import services
from lidhja.cases.domain.access import CaseAccess, Level
from lidhja.cases.interfaces import forms
from lidhja.cases.models import Case, Escalation, PlanStep, Referral
from lidhja.cases.models.choices import CaseKind, Stage


@dataclass(frozen=True)
class Action:
    name: str
    title: Any
    form: type
    run: Callable[[Case, dict[str, Any], Any], Any]
    minimum: Level = Level.FULL
    offered: Callable[[Case, CaseAccess, Any], bool] = lambda case, access, user: True
    files: bool = False


def _open(case, access, user):
    return case.stage == Stage.OPEN


def _details(case, data, by):
    values = {k: v for k, v in data.items() if k not in ("version", "exploitation")}
    return services.update_details(
        case, by=by, version=data["version"], details=values, exploitation=data["exploitation"]
    )


def _person(case, data, by):
    values = {k: v for k, v in data.items() if k != "version"}
    return services.update_person(case, by=by, version=data["version"], identity_values=values)


def _referral_answer(case, data, by):
    referral = get_object_or_404(Referral, pk=data["referral"], case=case)
    return services.answer_referral(
        referral,
        by=by,
        version=data["referral_version"],
        answer=data["answer"],
        reason=data["reason"],
    )


def _step(case, data, by):
    step = get_object_or_404(
        PlanStep.objects.select_related("plan__case"), pk=data["step"], plan__case=case
    )
    return services.complete_step(step, by=by, version=data["version"], done_on=data["done_on"])


def _resolve(case, data, by):
    escalation = get_object_or_404(
        Escalation.objects.select_related("case"), pk=data["escalation"], case=case
    )
    return services.resolve_escalation(
        escalation, by=by, version=data["version"], resolution=data["resolution"]
    )


def _erase(case, data, by):
    if data["confirm"].strip().upper() != case.code:
        from django.core.exceptions import ValidationError

        raise ValidationError({"confirm": _("The code typed is not this case's code.")})
    return services.erase_person(case, by=by, version=data["version"], basis=data["basis"])


def _values(data):
    return {k: v for k, v in data.items() if k != "version"}


def _is_ra(case, access, user):
    return user.role == "ra_officer"


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in [
        Action("details", _("Edit case details"), forms.EditDetailsForm, _details),
        Action("identity", _("Edit personal data"), forms.PersonForm, _person),
        Action(
            "status",
            _("Decide status"),
            forms.StatusForm,
            lambda c, d, by: services.decide_status(
                c,
                by=by,
                version=d["version"],
                status=d["status"],
                decided_on=d["decided_on"],
                criteria=d["criteria"],
            ),
            offered=lambda c, a, u: c.kind == CaseKind.TRAFFICKING and c.stage == Stage.OPEN,
        ),
        Action(
            "screening",
            _("Record a screening"),
            forms.ScreeningForm,
            lambda c, d, by: services.record_screening(
                c, by=by, version=d["version"], observed=d["observed"], screened_on=d["screened_on"]
            ),
            offered=_open,
        ),
        Action(
            "referral",
            _("Refer"),
            forms.ReferralForm,
            lambda c, d, by: services.send_referral(
                c, by=by, version=d["version"], values=_values(d)
            ),
            offered=_open,
        ),
        Action(
            "answer",
            _("Answer the referral"),
            forms.AnswerForm,
            _referral_answer,
            minimum=Level.SHARED,
            offered=lambda c, a, u: False,
        ),
        Action(
            "plan",
            _("Record an assessment or plan"),
            forms.PlanForm,
            lambda c, d, by: services.record_plan(
                c, by=by, version=d["version"], values=_values(d)
            ),
            offered=_open,
        ),
        Action("step", _("Mark a step done"), forms.StepForm, _step, offered=lambda c, a, u: False),
        Action(
            "service",
            _("Record a service"),
            forms.ServiceForm,
            lambda c, d, by: services.record_service(
                c, by=by, version=d["version"], values=_values(d)
            ),
            minimum=Level.SHARED,
        ),
        Action(
            "follow_up",
            _("Record a follow-up visit"),
            forms.FollowUpForm,
            lambda c, d, by: services.record_follow_up(
                c, by=by, version=d["version"], values=_values(d)
            ),
        ),
        Action(
            "permit",
            _("Record a reflection period or permit"),
            forms.PermitForm,
            lambda c, d, by: services.record_permit(
                c, by=by, version=d["version"], values=_values(d)
            ),
            offered=lambda c, a, u: c.foreign_national,
        ),
        Action(
            "justice",
            _("Witness, protection and compensation"),
            forms.JusticeForm,
            lambda c, d, by: services.update_justice(
                c, by=by, version=d["version"], values=_values(d)
            ),
        ),
        Action(
            "guardian",
            _("Appoint a guardian"),
            forms.GuardianForm,
            lambda c, d, by: services.appoint_guardian(
                c, by=by, version=d["version"], values=_values(d)
            ),
            offered=lambda c, a, u: c.is_child,
        ),
        Action(
            "transfer",
            _("Transfer to another unit"),
            forms.TransferForm,
            lambda c, d, by: services.transfer_case(
                c, by=by, version=d["version"], to=d["to"], reason=d["reason"]
            ),
            offered=_open,
        ),
        Action(
            "escalate",
            _("Escalate"),
            forms.EscalateForm,
            lambda c, d, by: services.escalate(c, by=by, version=d["version"], values=_values(d)),
            offered=_open,
        ),
        Action(
            "resolve",
            _("Resolve the escalation"),
            forms.ResolveForm,
            _resolve,
            offered=lambda c, a, u: False,
        ),
        Action(
            "note",
            _("Add a note"),
            forms.NoteForm,
            lambda c, d, by: services.add_note(c, by=by, version=d["version"], note=d["note"]),
            minimum=Level.SHARED,
        ),
        Action(
            "close",
            _("Close the case"),
            forms.CloseForm,
            lambda c, d, by: services.close_case(
                c,
                by=by,
                version=d["version"],
                closed_on=d["closed_on"],
                reason=d["reason"],
                note=d["note"],
            ),
            offered=_open,
        ),
        Action(
            "reopen",
            _("Reopen the case"),
            forms.ReopenForm,
            lambda c, d, by: services.reopen_case(c, by=by, version=d["version"], note=d["note"]),
            offered=lambda c, a, u: c.stage == Stage.CLOSED,
        ),
        Action("erase", _("Erase personal data"), forms.EraseForm, _erase, offered=_is_ra),
        Action(
            "attach",
            _("Attach a file"),
            forms.AttachmentForm,
            lambda c, d, by: _attach(c, d, by),
            files=True,
        ),
    ]
}


def _attach(case, data, by):
    upload = data["file"]
    return services.add_attachment(case, upload.name, upload.read(), by=by, version=data["version"])


def offered_actions(case: Case, access: CaseAccess, user) -> list[Action]:
    """The steps to show as links on the case page (the rest are offered in place)."""
    if not access.can_edit:
        return []
    return [
        a for a in ACTIONS.values() if access.level >= a.minimum and a.offered(case, access, user)
    ]
