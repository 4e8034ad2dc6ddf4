"""Separation of duties: an account that reaches personal data (or manages accounts) becomes
active only when a second administrator approves it, and only the approver sees its password."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from lidhja.accounts.domain import approval, services
from lidhja.accounts.domain.errors import DomainError, PermissionDenied
from lidhja.accounts.models import Role, User
from lidhja.audit.models import AuditEntry
from lidhja.organisations.models import Organisation
from tests.conftest import sign_in


def _entries(action: str):
    return AuditEntry.objects.filter(action=action).order_by("seq")


@pytest.fixture
def other_admin(db):
    return User.objects.create(
        username="second.admin",
        organisation=Organisation.objects.get(code="ONAC"),
        role=Role.SYSADMIN,
    )


def _new_worker_on_the_page(client) -> User:
    response = client.post(
        reverse("users:create"),
        {
            "username": "sw.new",
            "first_name": "",
            "last_name": "",
            "email": "",
            "organisation": Organisation.objects.get(code="MUN-TR").pk,
            "role": "social_worker",
        },
    )
    assert (response.status_code, response["Location"]) == (302, reverse("users:list"))
    return User.objects.get(username="sw.new")


@pytest.mark.django_db
def test_a_case_role_created_on_the_page_waits_without_a_password(client_for, persona):
    client = client_for("sysadmin")
    user = _new_worker_on_the_page(client)
    assert (user.is_active, user.pending_approval, user.has_usable_password()) == (
        False,
        True,
        False,
    )
    assert user.approval_requested_by == persona("sysadmin")
    requested = _entries("user.approval_requested").last()
    assert (requested.actor_label, requested.object_id, requested.changes) == (
        "sysadmin",
        str(user.pk),
        {"role": "social_worker", "organisation": "MUN-TR"},
    )
    # The one who asked sees the account waiting, without an Approve button of their own.
    listing = client.get(reverse("users:list"))
    assert listing.context["pending"] == [(user, False)]
    assert reverse("users:approve", args=[user.pk]).encode() not in listing.content
    assert b"Another administrator approves" in listing.content


@pytest.mark.django_db
def test_the_one_who_asked_cannot_approve(client_for):
    client = client_for("sysadmin")
    user = _new_worker_on_the_page(client)
    response = client.post(reverse("users:approve", args=[user.pk]))
    assert (response.status_code, response["Location"]) == (302, reverse("users:list"))
    user.refresh_from_db()
    assert (user.is_active, user.pending_approval) == (False, True)
    assert not _entries("user.approved").exists()


@pytest.mark.django_db
def test_a_second_admin_approves_and_alone_receives_the_password(client_for, other_admin):
    user = _new_worker_on_the_page(client_for("sysadmin"))
    approver = sign_in(Client(), other_admin)
    listing = approver.get(reverse("users:list"))
    assert listing.context["pending"] == [(user, True)]
    assert reverse("users:approve", args=[user.pk]).encode() in listing.content
    response = approver.post(reverse("users:approve", args=[user.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    password = response.context["password"]
    assert password.encode() in response.content
    user.refresh_from_db()
    assert (user.is_active, user.pending_approval, user.must_change_password) == (True, False, True)
    assert user.check_password(password)
    entry = _entries("user.approved").last()
    assert (entry.actor_label, entry.changes) == (
        "second.admin",
        {"role": "social_worker", "organisation": "MUN-TR", "requested_by": "sysadmin"},
    )
    # Approving twice is refused.
    with pytest.raises(DomainError):
        approval.approve_user(user, by=other_admin)


@pytest.mark.django_db
def test_no_password_reaches_a_waiting_account_before_approval(client_for, persona):
    client = client_for("sysadmin")
    user = _new_worker_on_the_page(client)
    response = client.post(reverse("users:reset_password", args=[user.pk]))
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("users:edit", args=[user.pk]),
    )
    user.refresh_from_db()
    assert not user.has_usable_password()
    with pytest.raises(ValidationError):
        services.create_user(
            "sw.other",
            organisation=Organisation.objects.get(code="MUN-TR"),
            role=Role.SOCIAL_WORKER,
            password="Corr3ct-horse-battery",
            by=persona("sysadmin"),
        )
    with pytest.raises(PermissionDenied):
        services.create_user(
            "sw.other",
            organisation=Organisation.objects.get(code="MUN-TR"),
            role=Role.SOCIAL_WORKER,
            password="Corr3ct-horse-battery",
            by=persona("sysadmin"),
            approved=True,
        )
    assert not User.objects.filter(username="sw.other").exists()


@pytest.mark.django_db
def test_activating_a_waiting_account_by_edit_keeps_it_waiting(client_for, persona):
    client = client_for("sysadmin")
    user = _new_worker_on_the_page(client)
    services.update_user(user, version=user.version, by=persona("sysadmin"), is_active=True)
    user.refresh_from_db()
    assert (user.is_active, user.pending_approval) == (False, True)


@pytest.mark.django_db
def test_a_change_to_a_case_role_waits_for_approval(persona, other_admin):
    focal = persona("focal_asp")
    admin = persona("sysadmin")
    services.update_user(focal, version=focal.version, by=admin, role=Role.POLICE)
    focal.refresh_from_db()
    assert (focal.is_active, focal.pending_approval, focal.approval_requested_by) == (
        False,
        True,
        admin,
    )
    assert _entries("user.approval_requested").last().changes == {
        "role": "police",
        "organisation": "ASP",
    }
    with pytest.raises(PermissionDenied):
        approval.approve_user(focal, by=admin)
    password = approval.approve_user(focal, by=other_admin)
    focal.refresh_from_db()
    assert focal.is_active and focal.check_password(password)


@pytest.mark.django_db
def test_a_move_to_another_unit_waits_for_approval(persona):
    worker = persona("social_tirana")
    services.update_user(
        worker,
        version=worker.version,
        by=persona("sysadmin"),
        organisation=Organisation.objects.get(code="MUN-SH"),
    )
    worker.refresh_from_db()
    assert (worker.is_active, worker.pending_approval) == (False, True)


@pytest.mark.django_db
def test_a_change_without_new_reach_needs_no_approval(persona):
    worker = persona("social_tirana")
    services.update_user(worker, version=worker.version, by=persona("sysadmin"), email="a@b.al")
    focal = persona("focal_asp")
    services.update_user(focal, version=focal.version, by=persona("sysadmin"), role=Role.OBSERVER)
    for user in (worker, focal):
        user.refresh_from_db()
        assert (user.is_active, user.pending_approval) == (True, False)


@pytest.mark.django_db
def test_the_command_line_creates_a_waiting_account_without_a_password(monkeypatch, persona):
    def no_prompt(*args):
        raise AssertionError("no password is asked for a waiting account")

    monkeypatch.setattr("getpass.getpass", no_prompt)
    out = StringIO()
    call_command("user", "add", "rcat.new", "--org", "RCAT-TR", "--role", "rcat_member", stdout=out)
    assert out.getvalue().splitlines() == [
        "created rcat.new (RCAT-TR, rcat_member)",
        "waiting for approval: an administrator approves it on the Users page, "
        "which shows its one-time password once",
    ]
    user = User.objects.get(username="rcat.new")
    assert (user.is_active, user.has_usable_password(), user.approval_requested_by) == (
        False,
        False,
        None,
    )
    listing = StringIO()
    call_command("user", "list", stdout=listing)
    assert "rcat.new\tRCAT-TR\trcat_member\twaiting for approval" in listing.getvalue()
    # Asked for by the command line: any administrator may approve it.
    assert approval.may_approve(user, by=persona("sysadmin"))
    approval.approve_user(user, by=persona("sysadmin"))
    user.refresh_from_db()
    assert user.is_active


@pytest.mark.django_db
def test_the_policy_decides_which_roles_wait():
    waiting = {role for role in Role if approval.needs_approval(role)}
    assert waiting == {
        Role.RA_OFFICER,
        Role.SOCIAL_WORKER,
        Role.POLICE,
        Role.SERVICE_PROVIDER,
        Role.RCAT_MEMBER,
        Role.PROSECUTOR,
        Role.INVESTIGATOR,
        Role.COURT_CLERK,
        Role.SYSADMIN,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["onac", "ra", "focal_asp", "social_tirana"])
def test_only_administrators_approve_or_reset_a_second_factor(client_for, persona, who):
    worker = persona("police")
    worker.pending_approval, worker.is_active = True, False
    worker.save()
    client = client_for(who)
    assert client.post(reverse("users:approve", args=[worker.pk])).status_code == 403
    reset = client.post(reverse("users:reset_second_factor", args=[worker.pk]))
    assert reset.status_code == 403
    worker.refresh_from_db()
    assert (worker.is_active, worker.pending_approval) == (False, True)
    assert not _entries("user.approved").exists()
    assert not _entries("user.second_factor_reset").exists()
