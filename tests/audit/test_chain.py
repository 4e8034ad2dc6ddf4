import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from lidhja.audit.domain import services as audit
from lidhja.audit.domain.verify import verify_chain
from lidhja.audit.models import AuditEntry, AuditHead
from lidhja.audit.models.entry import AppendOnlyError


def _record(action="organisation.updated", **changes):
    with transaction.atomic():
        return audit.record(action, object_type="test.object", object_id="1", changes=changes)


def _without_triggers():
    """What an intruder with database rights could do: switch the append-only triggers off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks on the table
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_update")
            cursor.execute("DROP TRIGGER audit_entry_no_delete")


@pytest.mark.django_db
def test_entries_link_to_the_previous_one():
    first = _record(step=1)
    second = _record(step=2)
    assert second.seq == first.seq + 1
    assert second.prev_hash == first.hash
    assert AuditHead.objects.get(pk=1).hash == second.hash
    count, problems = verify_chain()
    assert problems == []
    assert count == AuditEntry.objects.count()


@pytest.mark.django_db
def test_secrets_are_masked_and_values_normalised():
    entry = _record(password="hunter2", token="abc", role="ra_officer")
    entry.refresh_from_db()
    assert entry.changes == {"password": "***", "token": "***", "role": "ra_officer"}


@pytest.mark.django_db
def test_unknown_action_is_refused():
    before = AuditEntry.objects.count()
    with pytest.raises(audit.UnknownAction), transaction.atomic():
        audit.record("case.teleported")
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_models_refuse_change_and_delete():
    entry = _record(step=1)
    entry.action = "user.created"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


@pytest.mark.django_db
def test_database_refuses_update_and_delete():
    entry = _record(step=1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="edited")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""


@pytest.mark.django_db
def test_verify_command_passes_on_an_intact_log(capsys):
    _record(step=1)
    call_command("audit", "verify")
    assert "audit log intact" in capsys.readouterr().out
    assert AuditEntry.objects.order_by("-seq").first().action == "audit.verified"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE audit_auditentry SET reason = 'nothing happened' WHERE seq = %(middle)s",
        "UPDATE audit_auditentry SET actor_label = 'someone else' WHERE seq = %(middle)s",
        "DELETE FROM audit_auditentry WHERE seq = %(middle)s",
        "DELETE FROM audit_auditentry WHERE seq = %(last)s",
    ],
    ids=["edit-reason", "edit-actor", "delete-middle", "delete-newest"],
)
def test_verify_fails_after_any_row_is_altered(tamper):
    for step in range(3):
        _record(step=step)
    last = AuditHead.objects.get(pk=1).seq
    _without_triggers()
    with connection.cursor() as cursor:
        cursor.execute(tamper % {"middle": last - 1, "last": last})
    _count, problems = verify_chain()
    assert problems, "tampering went unnoticed"
    before = AuditEntry.objects.count()
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("audit", "verify")
    assert AuditEntry.objects.count() == before  # a failed verification records nothing


@pytest.mark.django_db
def test_rehashing_a_forged_row_still_breaks_the_link_to_the_next():
    """Recomputing the forged row's own hash does not help: the next row points to the old one."""
    from lidhja.audit.domain.chain import entry_hash, hashed_fields

    for step in range(3):
        _record(step=step)
    middle = AuditEntry.objects.get(seq=AuditHead.objects.get(pk=1).seq - 1)
    _without_triggers()
    middle.reason = "forged"
    forged = entry_hash(hashed_fields(middle), middle.prev_hash)
    AuditEntry.objects.filter(pk=middle.pk).update(reason="forged", hash=forged)
    _count, problems = verify_chain()
    assert [p.seq for p in problems] == [middle.seq + 1]
    assert "does not link" in problems[0].message


@pytest.mark.django_db
def test_audit_log_page_filters_by_action(client_for, persona):
    from django.urls import reverse

    recorded = _record(step=1)
    response = client_for("sysadmin").get(reverse("audit:log"), {"action": "organisation.updated"})
    entries = list(response.context["page"])
    assert {e.action for e in entries} == {"organisation.updated"}
    assert entries[0].pk == recorded.pk  # newest first
    assert b"<li>Step: 1</li>" in response.content  # the change in words
    assert b"Organisation updated" in response.content
