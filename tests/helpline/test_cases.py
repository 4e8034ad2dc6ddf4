"""A helpline call becoming a case: through the case services, with the source "helpline",
the call's reference on the case, the call linked, once only, audited; the operator sees
nothing of the case but its code."""

import pytest
from django.core.exceptions import ValidationError

from lidhja.accounts.domain import second_factor
from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.audit.models import AuditEntry
from lidhja.cases.domain import crypto
from lidhja.cases.domain.access import Level, access_to
from lidhja.cases.models import Case
from lidhja.helpline.domain import services
from lidhja.organisations.models import Organisation
from tests.helpline.helpers import log

pytestmark = pytest.mark.django_db


def _open_values(**values):
    return {
        "managing_organisation": Organisation.objects.get(code="MUN-TR"),
        "kind": "trafficking",
        "exploitation": ["labour"],
        "minor_at_exploitation": False,
        "is_child": False,
        "given_name": "",
        "family_name": "",
        "phone": "",
        "criteria": "Synthetic: a job offer abroad.",
        **values,
    }


def test_a_call_opens_a_potential_case(persona):
    operator = persona("helpline")
    call = log(operator, outcome="referred", referred_to=Organisation.objects.get(code="DEQ"))
    case = services.open_case_from_call(call, by=operator, version=1, values=_open_values())
    case = Case.objects.get(pk=case.pk)
    assert (case.status, case.identification_source, case.kind) == (
        "potential",
        "helpline",
        "trafficking",
    )
    assert (case.managing_organisation.code, case.opened_by_organisation.code, case.qark) == (
        "MUN-TR",
        "MOI",
        "tirane",
    )
    assert case.identified_on.isoformat() == "2009-02-10"
    # The call's reference is the case's source in detail (sealed like every case text).
    opened = crypto.keyring().open(bytes(case.sealed_source_detail), case.context).decode()
    assert opened == call.reference == "HL-2009-000001"
    call.refresh_from_db()
    assert (call.case, call.outcome, call.referred_to, call.version) == (
        case,
        "potential_case",
        None,
        2,
    )
    assert call.case_opened_at is not None
    [case_entry] = AuditEntry.objects.filter(action="case.opened")
    [call_entry] = AuditEntry.objects.filter(action="helpline.case_opened")
    assert case_entry.object_repr == case.code
    assert call_entry.object_repr == "HL-2009-000001"
    assert call_entry.changes == {"case": case.code, "outcome": "potential_case"}


def test_a_call_opens_one_case_only(persona):
    operator = persona("helpline")
    call = log(operator)
    services.open_case_from_call(call, by=operator, version=1, values=_open_values())
    call.refresh_from_db()
    with pytest.raises(services.CaseAlreadyOpened):
        services.open_case_from_call(call, by=operator, version=2, values=_open_values())
    assert Case.objects.count() == 1
    assert AuditEntry.objects.filter(action="helpline.case_opened").count() == 1


def test_the_outcome_of_a_call_that_opened_a_case_stays(persona):
    from tests.helpline.helpers import call_values

    operator = persona("helpline")
    call = log(operator)
    services.open_case_from_call(call, by=operator, version=1, values=_open_values())
    with pytest.raises(ValidationError) as refused:
        services.correct_call(call, by=operator, version=2, values=call_values())
    assert list(refused.value.message_dict) == ["outcome"]
    corrected = services.correct_call(
        call, by=operator, version=2, values=call_values(outcome="potential_case", topic="other")
    )
    assert (corrected.topic, corrected.outcome) == ("other", "potential_case")


def test_the_case_rules_hold_and_nothing_is_written(persona):
    operator = persona("helpline")
    call = log(operator)
    with pytest.raises(ValidationError) as refused:
        services.open_case_from_call(
            call, by=operator, version=1, values=_open_values(exploitation=[])
        )
    assert list(refused.value.message_dict) == ["exploitation"]
    with pytest.raises(ValidationError) as refused:
        services.open_case_from_call(
            call,
            by=operator,
            version=1,
            values=_open_values(managing_organisation=Organisation.objects.get(code="ASP")),
        )
    assert list(refused.value.message_dict) == ["managing_organisation"]
    call.refresh_from_db()
    assert (call.case, call.version, Case.objects.count()) == (None, 1, 0)


def test_a_stale_call_opens_no_case(persona):
    operator = persona("helpline")
    call = log(operator)
    with pytest.raises(services.CallChanged):
        services.open_case_from_call(call, by=operator, version=7, values=_open_values())
    assert Case.objects.count() == 0


@pytest.mark.parametrize("who", ["police", "ra", "onac"])
def test_only_operators_open_cases_from_calls(persona, who):
    call = log(persona("helpline"))
    with pytest.raises(PermissionDenied):
        services.open_case_from_call(call, by=persona(who), version=1, values=_open_values())
    assert Case.objects.count() == 0


def test_the_operator_sees_no_case_and_needs_no_second_factor(persona):
    operator = persona("helpline")
    call = log(operator)
    case = services.open_case_from_call(
        call, by=operator, version=1, values=_open_values(given_name="Synthetic")
    )
    assert access_to(operator, case).level is Level.NONE
    assert not second_factor.required(operator)
    # The managing unit sees the whole case, with the name the caller gave.
    assert access_to(persona("social_tirana"), case).level is Level.FULL
