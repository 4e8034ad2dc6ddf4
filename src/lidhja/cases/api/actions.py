"""The changes the API offers on a case, in one table: action name -> input serializer and
the domain service it calls. Every input carries `version`, the version of the case the
client last read (for `referral-answer`, the version of the referral)."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lidhja.cases.api.fields import CountryField, EnumField
from lidhja.cases.api.serializers import optional_text, organisation_field
from lidhja.cases.domain import services
from lidhja.cases.domain.access import Level
from lidhja.cases.domain.screening import INDICATORS
from lidhja.cases.models import Case, PlanStep
from lidhja.cases.models.choices import (
    STATUS_ORDER,
    ClosureReason,
    EscalationLevel,
    EscalationReason,
    PermitKind,
    PlanKind,
    ReferralDirection,
    RiskLevel,
    ServiceKind,
    Shared,
)


class VersionedSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text=_("The version of the case you last read.")
    )


class CaseStatusInput(VersionedSerializer):
    status = EnumField([(s.value, s.label) for s in STATUS_ORDER], name="VictimStatus")
    decided_on = serializers.DateField()
    criteria = serializers.CharField()


class CaseScreeningInput(VersionedSerializer):
    observed = serializers.ListField(
        child=EnumField([(i.code, i.label) for i in INDICATORS], name="ScreeningIndicator"),
        allow_empty=True,
    )
    screened_on = serializers.DateField()


class CaseReferralInput(VersionedSerializer):
    to_organisation = organisation_field(required=False, allow_null=True, default=None)
    service = EnumField(ServiceKind)
    shared = serializers.ListField(child=EnumField(Shared), required=False, default=list)
    direction = EnumField(ReferralDirection, required=False, default=ReferralDirection.DOMESTIC)
    partner_country = CountryField(required=False, allow_blank=True, default="")
    partner_authority = optional_text(200)
    return_on = serializers.DateField(required=False, allow_null=True, default=None)
    return_notice_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = optional_text()
    post_return_plan = optional_text()


class CaseReferralAnswerInput(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text=_("The version of the referral you last read.")
    )
    referral = serializers.IntegerField()
    answer = EnumField([(a, a) for a in services.ANSWERS], name="ReferralAnswer")
    reason = optional_text(255)


class CaseStepInput(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    due_on = serializers.DateField()


class CasePlanInput(VersionedSerializer):
    kind = EnumField(PlanKind)
    made_on = serializers.DateField()
    risk_level = EnumField(RiskLevel, required=False, allow_blank=True, default="")
    reintegrated_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = optional_text()
    steps = CaseStepInput(many=True, required=False, default=list)


class CaseStepDoneInput(VersionedSerializer):
    step = serializers.IntegerField()
    done_on = serializers.DateField()


class CaseServiceInput(VersionedSerializer):
    kind = EnumField(ServiceKind)
    provider = organisation_field(required=False, allow_null=True, default=None)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    refused = serializers.BooleanField(required=False, default=False)
    note = optional_text()


class CaseFollowUpInput(VersionedSerializer):
    visited_on = serializers.DateField()
    employed = serializers.BooleanField()
    re_trafficked = serializers.BooleanField()
    note = optional_text()


class CasePermitInput(VersionedSerializer):
    kind = EnumField(PermitKind)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    reference = optional_text(64)


def _money() -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(0),
        required=False,
        allow_null=True,
        default=None,
    )


class CaseJusticeInput(VersionedSerializer):
    """The whole record: fields left out are cleared."""

    witness_participation = serializers.BooleanField(required=False, default=False)
    protection_programme = serializers.BooleanField(required=False, default=False)
    compensation_claimed = _money()
    compensation_awarded = _money()


class CaseGuardianInput(VersionedSerializer):
    appointed_on = serializers.DateField()
    name = serializers.CharField(max_length=200)
    relation = optional_text(100)
    contact = optional_text(200)


class CaseEscalateInput(VersionedSerializer):
    level = EnumField(EscalationLevel)
    reason = EnumField(EscalationReason)
    note = optional_text()


class CaseResolveEscalationInput(VersionedSerializer):
    escalation = serializers.IntegerField()
    resolution = serializers.CharField()


class CaseNoteInput(VersionedSerializer):
    note = serializers.CharField()


class CaseCloseInput(VersionedSerializer):
    closed_on = serializers.DateField()
    reason = EnumField(ClosureReason)
    note = optional_text()


class CaseReopenInput(VersionedSerializer):
    note = serializers.CharField()


class CaseTransferInput(VersionedSerializer):
    to = organisation_field(help_text=_("Code of the municipal unit that takes the case over."))
    reason = serializers.CharField()


def _row(rows, pk: int, field: str):
    """A row of this case by id; another case's row is as unknown as a missing one."""
    row = rows.filter(pk=pk).first()
    if row is None:
        raise ValidationError({field: _("This case has no such item.")})
    return row


Run = Callable[[Case, Any, int, dict[str, Any]], Any]


@dataclass(frozen=True)
class Action:
    serializer: type[serializers.Serializer]
    run: Run  # (case, by, version, validated data without version) -> the row changed
    minimum: Level = Level.FULL  # the access a user needs to take this step at all


def _plan(case, by, version, d):
    steps = [(step["text"], step["due_on"]) for step in d.pop("steps")]
    return services.record_plan(case, by=by, version=version, values={**d, "steps": steps})


def _step_done(case, by, version, d):
    step = _row(PlanStep.objects.filter(plan__case=case), d["step"], "step")
    return services.complete_step(step, by=by, version=version, done_on=d["done_on"])


def _answer(case, by, version, d):
    referral = _row(case.referrals, d["referral"], "referral")
    return services.answer_referral(
        referral, by=by, version=version, answer=d["answer"], reason=d["reason"]
    )


def _resolve(case, by, version, d):
    escalation = _row(case.escalations, d["escalation"], "escalation")
    return services.resolve_escalation(
        escalation, by=by, version=version, resolution=d["resolution"]
    )


def _values(service) -> Run:
    """For services that take the validated input as `values`."""
    return lambda case, by, version, d: service(case, by=by, version=version, values=d)


def _keywords(service) -> Run:
    """For services that take the validated input as keyword arguments."""
    return lambda case, by, version, d: service(case, by=by, version=version, **d)


ACTIONS: dict[str, Action] = {
    "status": Action(CaseStatusInput, _keywords(services.decide_status)),
    "screening": Action(CaseScreeningInput, _keywords(services.record_screening)),
    "referral": Action(CaseReferralInput, _values(services.send_referral)),
    "referral-answer": Action(CaseReferralAnswerInput, _answer, Level.SHARED),
    "plan": Action(CasePlanInput, _plan),
    "step-done": Action(CaseStepDoneInput, _step_done),
    "service": Action(CaseServiceInput, _values(services.record_service), Level.SHARED),
    "follow-up": Action(CaseFollowUpInput, _values(services.record_follow_up)),
    "permit": Action(CasePermitInput, _values(services.record_permit)),
    "justice": Action(CaseJusticeInput, _values(services.update_justice)),
    "guardian": Action(CaseGuardianInput, _values(services.appoint_guardian)),
    "escalate": Action(CaseEscalateInput, _values(services.escalate)),
    "resolve-escalation": Action(CaseResolveEscalationInput, _resolve),
    "note": Action(CaseNoteInput, _keywords(services.add_note), Level.SHARED),
    "close": Action(CaseCloseInput, _keywords(services.close_case)),
    "reopen": Action(CaseReopenInput, _keywords(services.reopen_case)),
    "transfer": Action(CaseTransferInput, _keywords(services.transfer_case)),
}
