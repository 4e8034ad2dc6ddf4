"""Logging and correcting calls: numbering, the operator's own organisation only, a stale
version refused, bad input refused naming the field, and an audit entry for each change (none
for a refused one)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.accounts.models import Role, User
from lidhja.audit.models import AuditEntry
from lidhja.helpline.domain import services
from lidhja.helpline.models import Call
from lidhja.organisations.models import Organisation
from tests.helpline.helpers import call_values, log

pytestmark = pytest.mark.django_db


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def other_operator() -> User:
    """An operator of another organisation's line (the persona is at MOI)."""
    user = User(username="ngo.line", organisation=Organisation.objects.get(code="DEQ"))
    user.role = Role.HELPLINE_OPERATOR
    user.set_unusable_password()
    user.save()
    return user


def test_a_call_is_numbered_in_its_year_and_audited(persona):
    operator = persona("helpline")
    first = log(operator)
    second = log(operator, received_on=date(2009, 12, 31), received_time="23:59")
    third = log(operator, received_on=date(2010, 1, 1), received_time="00:00")
    assert [first.reference, second.reference, third.reference] == [
        "HL-2009-000001",
        "HL-2009-000002",
        "HL-2010-000001",
    ]
    assert first.organisation.code == "MOI"
    assert (first.line, first.caller_type, first.topic, first.duration_minutes) == (
        "0800_1212",
        "family",
        "trafficking",
        7,
    )
    assert timezone.localtime(first.received_at).strftime("%Y-%m-%d %H:%M") == "2009-02-10 10:30"
    entries = _entries("helpline.call_logged")
    assert [e.object_repr for e in entries] == [
        "HL-2009-000001",
        "HL-2009-000002",
        "HL-2010-000001",
    ]
    assert entries[0].changes["fields"][:3] == ["line", "caller_type", "topic"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"received_time": "25:00"}, "received_time"),
        ({"received_time": "ten"}, "received_time"),
        ({"received_on": timezone.localdate() + timedelta(days=2)}, "received_on"),
        ({"outcome": "referred"}, "referred_to"),
        ({"outcome": "potential_case"}, "outcome"),
        ({"caller_type": "martian"}, "caller_type"),
        ({"qark": "atlantis"}, "qark"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(persona, values, field):
    with pytest.raises(ValidationError) as refused:
        log(persona("helpline"), **values)
    assert field in refused.value.message_dict
    assert Call.objects.count() == 0
    assert _entries("helpline.call_logged") == []


def test_a_referral_names_the_organisation(persona):
    deq = Organisation.objects.get(code="DEQ")
    call = log(persona("helpline"), outcome="referred", referred_to=deq)
    assert call.referred_to == deq
    with pytest.raises(ValidationError) as refused:
        log(persona("helpline"), outcome="information", referred_to=deq)
    assert list(refused.value.message_dict) == ["referred_to"]


@pytest.mark.parametrize("who", ["onac", "observer", "ra", "police", "sysadmin", "focal_moi"])
def test_only_operators_log_calls(persona, who):
    with pytest.raises(PermissionDenied):
        log(persona(who))
    assert Call.objects.count() == 0


def test_a_correction_names_the_fields_changed(persona):
    operator = persona("helpline")
    call = log(operator)
    corrected = services.correct_call(
        call,
        by=operator,
        version=1,
        values=call_values(topic="complicity", duration_minutes=12),
    )
    assert (corrected.topic, corrected.duration_minutes, corrected.version) == ("complicity", 12, 2)
    [entry] = _entries("helpline.call_corrected")
    assert entry.changes == {"fields": ["topic", "duration_minutes"]}


def test_a_stale_correction_is_refused_and_changes_nothing(persona):
    operator = persona("helpline")
    call = log(operator)
    services.correct_call(call, by=operator, version=1, values=call_values(topic="migration"))
    with pytest.raises(services.CallChanged):
        services.correct_call(call, by=operator, version=1, values=call_values(topic="other"))
    call.refresh_from_db()
    assert (call.topic, call.version) == ("migration", 2)
    assert len(_entries("helpline.call_corrected")) == 1


def test_another_organisations_operator_may_not_correct(persona):
    call = log(persona("helpline"))
    with pytest.raises(PermissionDenied):
        services.correct_call(call, by=other_operator(), version=1, values=call_values())
    assert _entries("helpline.call_corrected") == []


def test_a_correction_without_a_change_writes_nothing(persona):
    operator = persona("helpline")
    call = log(operator)
    same = services.correct_call(call, by=operator, version=1, values=call_values())
    assert same.version == 1
    assert _entries("helpline.call_corrected") == []
