"""Minutes of a meeting: a private file sealed at rest, read only by the body's members, its
secretariat and ONAC, each reading audited."""

import hashlib
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from lidhja.accounts.domain.errors import NotFound, PermissionDenied
from lidhja.accounts.models import User
from lidhja.audit.domain import services as audit
from lidhja.coordination.domain import access
from lidhja.coordination.domain.services import locked_row, require_held, require_record
from lidhja.coordination.models import Meeting
from lidhja.core import files, sealed
from lidhja.core.files import checked_upload, delete_on_commit, private_path


def _context(relative: str) -> str:
    return f"minutes:{relative}"


@files.atomic()
def add_minutes(meeting: Meeting, name: str, content: bytes, *, version: int, by: User) -> Meeting:
    """The meeting's minutes, sealed at rest under a random name (a previous file is removed
    once this commits; the new one is removed again if this rolls back)."""
    require_record(by, meeting.body)
    locked = locked_row(Meeting, meeting.pk, version)
    require_held(locked, "file")
    safe_name, content_type = checked_upload(name, content, settings.LIDHJA_EVIDENCE_MAX_BYTES)
    previous = locked.minutes.name
    locked.minutes.name = f"minutes/{uuid.uuid4().hex}.sealed"
    sealed.write(locked.minutes.name, content, _context(locked.minutes.name))
    locked.minutes_name, locked.minutes_type = safe_name, content_type
    locked.minutes_sha256 = hashlib.sha256(content).hexdigest()
    locked.version += 1
    locked.save()
    if previous:
        delete_on_commit(private_path(previous))
    audit.record(
        "coordination.minutes_added",
        actor=by,
        obj=locked,
        changes={"sha256": locked.minutes_sha256, "size": len(content)},
    )
    return locked


@transaction.atomic
def open_minutes(meeting: Meeting, *, by: User) -> bytes:
    """The minutes, for a member of the body, its secretariat or ONAC; each reading audited."""
    if not access.may_read_minutes(by, meeting.body):
        raise PermissionDenied(_("Only the body's members may read its minutes."))
    if not meeting.minutes:
        raise NotFound(_("This meeting has no minutes."))
    audit.record("coordination.minutes_downloaded", actor=by, obj=meeting)
    return sealed.read(meeting.minutes.name, _context(meeting.minutes.name))


def sealed_minutes_files() -> Iterator[tuple[str, str]]:
    """(file name, context) of every minutes file, for re-sealing (core.sealed)."""
    for relative in Meeting.objects.exclude(minutes="").values_list("minutes", flat=True):
        yield relative, _context(relative)
