"""The steps of a case, in one registry: name, title, input, service, the access needed, and
when the step is offered. The case page (cases.views.pages) and the API (cases.api.views) are
adapters over this table: they render the same input, call the same `run`, and offer the same
steps, so the two cannot drift apart (tests/cases/test_renderings.py compares them)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from lidhja.accounts.domain.permissions import can, scope_of
from lidhja.accounts.models import User
from lidhja.cases.domain import inputs, services
from lidhja.cases.domain.access import CaseAccess, Level
from lidhja.cases.domain.inputs import Field
from lidhja.cases.models import Case, Escalation, PlanStep, Referral
from lidhja.cases.models.choices import OPEN_REFERRAL, CaseKind, Stage
from lidhja.core.uploads import too_large
from lidhja.justice.domain import services as justice
from lidhja.justice.domain import victims

Data = dict[str, Any]
Run = Callable[[Case, Data, User], Any]
Offered = Callable[[Case, CaseAccess, User], bool]


@dataclass(frozen=True)
class Step:
    name: str
    title: Any
    input: tuple[Field, ...]
    run: Run  # (case, validated input, actor) -> the row created or changed
    minimum: Level = Level.FULL  # the access needed to take the step at all
    offered: Offered = lambda case, access, user: True
    inline: bool = False  # offered beside the row it acts on, not as a page of its own
    # A grave step (close, reopen, erase): offered apart, in the page's danger area, and taken
    # only with a stated reason and a confirmation; `warning` says what it does.
    danger: bool = False
    warning: Any = ""

    @property
    def files(self) -> bool:
        return any(field.kind is inputs.Kind.FILE for field in self.input)

    def allowed(self, access: CaseAccess) -> bool:
        return access.can_edit and access.level >= self.minimum


def row_of(rows: QuerySet[Any], pk: int, field: str) -> Any:
    """A row of this case by id; another case's row is as unknown as a missing one."""
    row = rows.filter(pk=pk).first()
    if row is None:
        raise ValidationError({field: _("This case has no such item.")})
    return row


def _values(data: Data) -> Data:
    return {k: v for k, v in data.items() if k != "version"}


def _details(case: Case, data: Data, by: User) -> Case:
    values = {k: v for k, v in _values(data).items() if k != "exploitation"}
    return services.update_details(
        case, by=by, version=data["version"], details=values, exploitation=data["exploitation"]
    )


def _person(case: Case, data: Data, by: User) -> list[str]:
    return services.update_person(
        case, by=by, version=data["version"], identity_values=_values(data)
    )


def _answer(case: Case, data: Data, by: User) -> Referral:
    referral = row_of(case.referrals.all(), data["referral"], "referral")
    return services.answer_referral(
        referral, by=by, version=data["referral_version"], answer=data["answer"],
        reason=data["reason"],
    )  # fmt: skip


def _step_done(case: Case, data: Data, by: User) -> PlanStep:
    rows = PlanStep.objects.select_related("plan__case").filter(plan__case=case)
    step = row_of(rows, data["step"], "step")
    return services.complete_step(step, by=by, version=data["version"], done_on=data["done_on"])


def _resolve(case: Case, data: Data, by: User) -> Escalation:
    escalation = row_of(case.escalations.select_related("case"), data["escalation"], "escalation")
    return services.resolve_escalation(
        escalation, by=by, version=data["version"], resolution=data["resolution"]
    )


def _proceeding_link(case: Case, data: Data, by: User) -> Model:
    confirm = data["decision"] == "confirm"
    decide = justice.confirm_victim_link if confirm else justice.decline_victim_link
    return decide(data["link"], case=case, by=by, version=data["link_version"])


def _erase(case: Case, data: Data, by: User) -> Case:
    if data["confirm"].strip().upper() != case.code:
        raise ValidationError({"confirm": _("The code typed is not this case's code.")})
    return services.erase_person(
        case, by=by, version=data["version"], reason=data["reason"], basis=data["basis"]
    )


def _confirmed(service: Callable[..., Any]) -> Run:
    """For grave steps: the confirmation box must be ticked (page and API alike); the service
    takes the rest of the input as keyword arguments."""

    def run(case: Case, data: Data, by: User) -> Any:
        if data.get("confirm") is not True:
            raise ValidationError({"confirm": _("Tick the box to confirm.")})
        return service(case, by=by, **{k: v for k, v in data.items() if k != "confirm"})

    return run


def _attach(case: Case, data: Data, by: User) -> Model:
    upload = data["file"]
    # The size is checked before the file is read into memory, for the page and the API alike.
    if message := too_large(upload.size, settings.LIDHJA_CASE_ATTACHMENT_MAX_BYTES):
        raise ValidationError({"file": message})
    return services.add_attachment(case, upload.name, upload.read(), by=by, version=data["version"])


def _plan(case: Case, data: Data, by: User) -> Model:
    return services.record_plan(case, by=by, version=data["version"], values=_values(data))


def _with_values(service: Callable[..., Any]) -> Run:
    """For services that take the input as `values`."""
    return lambda case, data, by: service(
        case, by=by, version=data["version"], values=_values(data)
    )


def _with_keywords(service: Callable[..., Any]) -> Run:
    """For services that take the input as keyword arguments."""
    return lambda case, data, by: service(case, by=by, **data)


# --- when a step is offered ----------------------------------------------------------------


def _open(case: Case, access: CaseAccess, user: User) -> bool:
    return case.stage == Stage.OPEN


def answerable_referrals(case: Case, access: CaseAccess) -> list[Referral]:
    """The referrals the user may answer: those to the user's organisation, and for a user who
    sees the whole case the referrals abroad (the partner answers through the case manager)."""
    return [
        r
        for r in case.referrals.all()
        if r.status in OPEN_REFERRAL
        and (
            r.pk in access.referral_ids or (access.level is Level.FULL and not r.to_organisation_id)
        )
    ]


def open_steps(case: Case) -> QuerySet[PlanStep]:
    return PlanStep.objects.filter(plan__case=case, done_on__isnull=True)


def resolvable_escalations(case: Case, user: User) -> list[Escalation]:
    return [
        e for e in case.escalations.all() if e.resolved_at is None and services.may_resolve(user, e)
    ]


STEPS: dict[str, Step] = {
    step.name: step
    for step in [
        Step("details", _("Edit case details"), inputs.EDIT_DETAILS, _details),
        Step("identity", _("Edit personal data"), inputs.PERSON, _person),
        Step(
            "status",
            _("Decide status"),
            inputs.STATUS,
            _with_keywords(services.decide_status),
            offered=lambda c, a, u: c.kind == CaseKind.TRAFFICKING and c.stage == Stage.OPEN,
        ),
        Step(
            "screening",
            _("Record a screening"),
            inputs.SCREENING,
            _with_keywords(services.record_screening),
            offered=_open,
        ),
        Step(
            "referral",
            _("Refer"),
            inputs.REFERRAL,
            _with_values(services.send_referral),
            offered=_open,
        ),
        Step(
            "referral-answer",
            _("Answer the referral"),
            inputs.REFERRAL_ANSWER,
            _answer,
            minimum=Level.SHARED,
            offered=lambda c, a, u: bool(answerable_referrals(c, a)),
            inline=True,
        ),
        Step("plan", _("Record an assessment or plan"), inputs.PLAN, _plan, offered=_open),
        Step(
            "step-done",
            _("Mark a step done"),
            inputs.STEP_DONE,
            _step_done,
            offered=lambda c, a, u: open_steps(c).exists(),
            inline=True,
        ),
        Step(
            "service",
            _("Record a service"),
            inputs.SERVICE,
            _with_values(services.record_service),
            minimum=Level.SHARED,
        ),
        Step(
            "follow-up",
            _("Record a follow-up visit"),
            inputs.FOLLOW_UP,
            _with_values(services.record_follow_up),
        ),
        Step(
            "permit",
            _("Record a reflection period or permit"),
            inputs.PERMIT,
            _with_values(services.record_permit),
            offered=lambda c, a, u: c.foreign_national,
        ),
        Step(
            "justice",
            _("Witness, protection and compensation"),
            inputs.JUSTICE,
            _with_values(services.update_justice),
        ),
        Step(
            "proceeding-link",
            _("Confirm or decline a link to a proceeding"),
            inputs.PROCEEDING_LINK,
            _proceeding_link,
            offered=lambda c, a, u: victims.may_decide(u, a) and victims.pending_links(c).exists(),
            inline=True,
        ),
        Step(
            "guardian",
            _("Appoint a guardian"),
            inputs.GUARDIAN,
            _with_values(services.appoint_guardian),
            offered=lambda c, a, u: c.is_child,
        ),
        Step(
            "transfer",
            _("Transfer to another unit"),
            inputs.TRANSFER,
            _with_keywords(services.transfer_case),
            offered=_open,
        ),
        Step(
            "escalate",
            _("Escalate"),
            inputs.ESCALATE,
            _with_values(services.escalate),
            offered=_open,
        ),
        Step(
            "resolve-escalation",
            _("Resolve the escalation"),
            inputs.RESOLVE,
            _resolve,
            offered=lambda c, a, u: bool(resolvable_escalations(c, u)),
            inline=True,
        ),
        Step(
            "note",
            _("Add a note"),
            inputs.NOTE,
            _with_keywords(services.add_note),
            minimum=Level.SHARED,
        ),
        Step(
            "close",
            _("Close the case"),
            inputs.CLOSE,
            _confirmed(services.close_case),
            offered=_open,
            danger=True,
            warning=_(
                "Closing ends the work on the case: no referral, plan or service can be "
                "recorded until it is reopened. Open referrals and escalations must be "
                "finished first."
            ),
        ),
        Step(
            "reopen",
            _("Reopen the case"),
            inputs.REOPEN,
            _confirmed(services.reopen_case),
            offered=lambda c, a, u: c.stage == Stage.CLOSED,
            danger=True,
            warning=_("Reopening brings the case back to work; its reason for closure is cleared."),
        ),
        Step(
            "erase",
            _("Erase personal data"),
            inputs.ERASE,
            _erase,
            offered=lambda c, a, u: can(u, "case.erase"),
            danger=True,
            warning=_(
                "Erasure removes the person's identifying data, notes and files for good. It "
                "cannot be undone. The case keeps its code and categories, so the statistics "
                "stay whole."
            ),
        ),
        Step("attach", _("Attach a file"), inputs.ATTACH, _attach),
    ]
}


def get_step(name: str) -> Step | None:
    return STEPS.get(name)


def offered_steps(case: Case, access: CaseAccess, user: User) -> list[Step]:
    """The steps `user` is offered on `case`: the same list on the page and in the API."""
    if scope_of(user, "case.edit") is None:
        return []
    return [s for s in STEPS.values() if s.allowed(access) and s.offered(case, access, user)]
