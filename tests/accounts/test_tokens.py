"""Personal API tokens: revoked when the password is set or the account deactivated, and
never created for longer than LIDHJA_API_TOKEN_MAX_DAYS."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from knox.models import AuthToken

from lidhja.accounts.domain import services
from lidhja.audit.models import AuditEntry

CASES_API = reverse("cases-api:list")


def _token(username: str, *extra: str) -> str:
    out = StringIO()
    call_command("token", "create", username, *extra, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def _revocations(reason: str) -> list[str]:
    entries = AuditEntry.objects.filter(action="api_token.revoked", reason=reason)
    return sorted(entry.changes["token_key"] for entry in entries)


@pytest.mark.django_db
def test_a_token_works_without_a_second_factor_session(client, persona):
    token = _token("police.border")
    assert client.get(CASES_API, HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


@pytest.mark.django_db
def test_a_password_reset_on_the_page_revokes_every_token(client, client_for, persona):
    police = persona("police")
    tokens = [_token("police.border"), _token("police.border")]
    keys = sorted(AuthToken.objects.filter(user=police).values_list("token_key", flat=True))
    response = client_for("sysadmin").post(reverse("users:reset_password", args=[police.pk]))
    assert response.status_code == 200
    assert not AuthToken.objects.filter(user=police).exists()
    assert _revocations("password set") == keys
    client.logout()
    for token in tokens:
        assert client.get(CASES_API, HTTP_AUTHORIZATION=f"Token {token}").status_code == 401


@pytest.mark.django_db
def test_a_password_set_at_the_command_line_revokes_every_token(monkeypatch, persona):
    _token("ra.officer")
    monkeypatch.setenv("LIDHJA_PASSWORD", "Corr3ct-horse-battery")
    out = StringIO()
    call_command("user", "set-password", "ra.officer", stdout=out)
    assert out.getvalue().strip() == "password set for ra.officer; API tokens revoked"
    assert not AuthToken.objects.filter(user=persona("ra")).exists()


@pytest.mark.django_db
def test_deactivation_revokes_every_token(persona):
    worker = persona("social_tirana")
    _token("sw.tirana")
    key = AuthToken.objects.get(user=worker).token_key
    services.update_user(worker, version=worker.version, by=persona("sysadmin"), is_active=False)
    assert not AuthToken.objects.filter(user=worker).exists()
    entry = AuditEntry.objects.get(action="api_token.revoked", reason="deactivated")
    assert (entry.actor_label, entry.changes["token_key"]) == ("sysadmin", key)


@pytest.mark.django_db
def test_a_profile_change_keeps_the_tokens(persona):
    worker = persona("social_tirana")
    _token("sw.tirana")
    services.update_user(worker, version=worker.version, by=persona("sysadmin"), email="x@y.al")
    assert AuthToken.objects.filter(user=worker).count() == 1


@pytest.mark.django_db
def test_token_lifetime_has_a_maximum(persona, settings):
    assert settings.LIDHJA_API_TOKEN_MAX_DAYS == 90
    with pytest.raises(CommandError, match=r"^--days must be between 1 and 90 \("):
        _token("police.border", "--days", "91")
    with pytest.raises(CommandError, match="--days must be between 1 and 90"):
        _token("police.border", "--days", "0")
    assert not AuthToken.objects.exists()
    assert _token("police.border", "--days", "90").startswith("ldh_")
    settings.LIDHJA_API_TOKEN_MAX_DAYS = 10
    with pytest.raises(CommandError, match="--days must be between 1 and 10"):
        _token("police.border", "--days", "11")
    assert AuthToken.objects.count() == 1
    assert AuditEntry.objects.filter(action="api_token.created").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("locale", "written"), [("sq_AL.UTF-8", "30.11.2026, 09:15"), ("C.UTF-8", "30 Nov 2026, 09:15")]
)
def test_the_token_list_writes_dates_in_the_terminals_language(
    monkeypatch, persona, locale, written
):
    from datetime import datetime, timedelta

    from django.utils import timezone

    persona("police")
    _token("police.border", "--days", "7")
    created = timezone.make_aware(datetime(2026, 11, 30, 9, 15))
    AuthToken.objects.update(created=created, expiry=created + timedelta(days=7))
    for name in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", locale)
    out = StringIO()
    call_command("token", "list", "police.border", stdout=out)
    key, made, expires, state = out.getvalue().strip().split("\t")
    later = {"30.11.2026, 09:15": "07.12.2026, 09:15", "30 Nov 2026, 09:15": "7 Dec 2026, 09:15"}
    assert (made, expires) == (f"created {written}", f"expires {later[written]}")
    assert key == AuthToken.objects.get().token_key
    assert state == ("valid" if timezone.now() < created + timedelta(days=7) else "expired")
