"""Attachments of a case: checked like any upload, sealed with the case keyring and kept in
the private files folder; their names are sealed too. Reading one is audited."""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import PermissionDenied
from lidhja.audit.domain import services as audit
from lidhja.cases.domain import crypto
from lidhja.cases.domain.access import Level, access_to
from lidhja.cases.models import Attachment, Case, EventKind
from lidhja.core.files import checked_upload


def _path(attachment: Attachment) -> Path:
    return Path(settings.LIDHJA_PRIVATE_FILES) / "cases" / f"{attachment.uuid}.sealed"


@transaction.atomic
def add_attachment(case: Case, name: str, content: bytes, *, by, version: int) -> Attachment:
    from lidhja.cases.domain.services import _change, _event, _touch

    case, _access = _change(case, by=by, version=version)
    safe_name, content_type = checked_upload(
        name, content, settings.LIDHJA_CASE_ATTACHMENT_MAX_BYTES
    )
    attachment = Attachment(
        case=case,
        content_type=content_type,
        size=len(content),
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    ring = crypto.keyring()
    attachment.sealed_name = ring.seal(safe_name.encode("utf-8"), attachment.context + ":name")
    path = _path(attachment)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ring.seal(content, attachment.context))
    try:
        attachment.save()
        _touch(case)
        _event(case, EventKind.ATTACHMENT, by, {"attachment": attachment.pk, "size": len(content)})
        audit.record(
            "case.attachment_added", actor=by, obj=case, changes={"attachment": attachment.pk}
        )
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return attachment


def attachment_name(attachment: Attachment) -> str:
    return (
        crypto.keyring().open(attachment.sealed_name, attachment.context + ":name").decode("utf-8")
    )


@transaction.atomic
def read_attachment(attachment: Attachment, *, by) -> tuple[str, bytes]:
    """(file name, content) for a user with full access to the case; the read is audited."""
    if access_to(by, attachment.case).level is not Level.FULL or attachment.erased:
        raise PermissionDenied(_("You may not open this file."))
    content = crypto.keyring().open(_path(attachment).read_bytes(), attachment.context)
    audit.record(
        "case.attachment_read", actor=by, obj=attachment.case, changes={"attachment": attachment.pk}
    )
    return attachment_name(attachment), content


def erase_files(attachments) -> None:
    for attachment in attachments:
        _path(attachment).unlink(missing_ok=True)
    attachments.update(erased=True, sealed_name=b"")


def reseal_file(attachment: Attachment) -> None:
    ring = crypto.keyring()
    path = _path(attachment)
    if path.exists():
        content = ring.open(path.read_bytes(), attachment.context)
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(ring.seal(content, attachment.context))
        temporary.replace(path)
