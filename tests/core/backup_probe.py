"""Run by tests/core/test_backup_restore.py in the environment of an installation (its own data
folder and database): `python backup_probe.py ACTION…` with actions seed, counts, open, health,
verify and last_audit, printing one JSON object with each action's result."""

import hashlib
import io
import json
import os
import sys

import django


def seed() -> dict:
    """A migrated, set-up installation with the demonstration cases, a sealed case file on
    three cases the Responsible Authority may change, and one plain evidence file."""
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from lidhja.cases.domain import services
    from lidhja.cases.domain.access import access_to
    from lidhja.cases.models import Case
    from lidhja.monitoring.models.evidence import private_storage

    for command in (["migrate"], ["setup"], ["demo_data"]):
        call_command(*command, verbosity=0, stdout=io.StringIO())
    ra = _ra_officer()
    added = 0
    for case in Case.objects.order_by("pk"):
        if added == 3:
            break
        if access_to(ra, case).can_edit:
            content = f"%PDF-1.4 synthetic file of {case.code}".encode()
            services.add_attachment(case, f"{case.code}.pdf", content, by=ra, version=case.version)
            added += 1
    private_storage().save("evidence/probe/plain.pdf", ContentFile(b"%PDF-1.4 plain evidence"))
    return {"attachments": added}


def counts() -> dict:
    from lidhja.core.backup import database

    return database.current_counts(database.counted_models())


def open_everything() -> dict:
    """Every sealed person through `identity.reveal` and every file through the read service,
    as the Responsible Authority; a digest of all they hold."""
    from lidhja.cases.domain import identity, services
    from lidhja.cases.domain.access import access_to
    from lidhja.cases.models import Attachment, Case

    ra, digest, persons = _ra_officer(), hashlib.sha256(), 0
    for case in Case.objects.select_related("person").order_by("code"):
        if case.person.sealed is None or case.person.erased_at is not None:
            continue
        shown = identity.reveal(case.person, case=case, access=access_to(ra, case), by=ra)
        # A potential case opened from a helpline call holds no name yet (no caller identity).
        assert shown["given_name"] or hasattr(case, "helpline_call"), case.code
        digest.update(json.dumps([case.code, shown], sort_keys=True).encode())
        persons += 1
    files = 0
    for attachment in Attachment.objects.filter(erased=False).order_by("uuid"):
        name, content = services.read_attachment(attachment, by=ra)
        digest.update(name.encode() + content)
        files += 1
    return {"persons": persons, "files": files, "digest": digest.hexdigest()}


def health() -> list[str]:
    from lidhja.core import health as checks

    return checks.failures()


def last_audit() -> dict:
    from lidhja.audit.models import AuditEntry

    entry = AuditEntry.objects.order_by("-seq").first()
    return {"action": entry.action, "actor": entry.actor_label, "changes": entry.changes}


def verify() -> str:
    """`lidhja audit verify`, in this process."""
    from django.core.management import call_command

    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue().strip()


def _ra_officer():
    from lidhja.accounts.models import Role, User

    return User.objects.filter(role=Role.RA_OFFICER).order_by("pk").first()


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lidhja.settings")
    django.setup()
    from django.db import transaction

    actions = {
        "seed": seed,
        "counts": counts,
        "open": open_everything,
        "health": health,
        "verify": verify,
        "last_audit": last_audit,
    }
    results = {}
    for name in sys.argv[1:]:  # in the order given: "open" writes audit entries
        if name == "seed":
            results[name] = seed()
            continue
        with transaction.atomic():
            results[name] = actions[name]()
    print(json.dumps(results))
