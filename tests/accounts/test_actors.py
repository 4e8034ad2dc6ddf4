"""The system actor: what the server's jobs and the operator at the command line act as."""

import copy
import pickle

import pytest

from lidhja.accounts.domain import services
from lidhja.accounts.domain.actors import SYSTEM
from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.accounts.domain.permissions import POLICY, can, permissions_of
from lidhja.accounts.models import Role
from lidhja.audit.models import AuditEntry
from lidhja.organisations.models import Organisation

PASSWORD = "Corr3ct-horse-battery"


def test_the_system_holds_no_permission_of_the_policy_table():
    assert permissions_of(SYSTEM) == frozenset()
    assert [name for name in POLICY if can(SYSTEM, name)] == []


def test_the_system_stays_one_value_when_copied():
    # Services compare `by is SYSTEM`: a copy must still be the system.
    assert copy.deepcopy(SYSTEM) is SYSTEM
    assert pickle.loads(pickle.dumps(SYSTEM)) is SYSTEM  # noqa: S301 (our own value)


@pytest.mark.django_db
def test_the_system_creates_an_approved_account_audited_as_system():
    user = services.create_user(
        "focal.new",
        organisation=Organisation.objects.get(code="ASP"),
        role=Role.FOCAL_POINT,
        password=PASSWORD,
        by=SYSTEM,
        approved=True,
    )
    entry = AuditEntry.objects.get(action="user.created", object_id=str(user.pk))
    assert (entry.actor, entry.actor_label, entry.organisation) == (None, "system", "")


@pytest.mark.django_db
def test_a_person_cannot_skip_the_approval_the_system_may_skip(persona):
    with pytest.raises(PermissionDenied):
        services.create_user(
            "focal.other",
            organisation=Organisation.objects.get(code="ASP"),
            role=Role.FOCAL_POINT,
            password=PASSWORD,
            by=persona("sysadmin"),
            approved=True,
        )
