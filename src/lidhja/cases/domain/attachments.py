"""Where case files live: sealed with the case keyring, in the private files folder, their
names sealed too. Adding and reading a file are services (cases.domain.services)."""

from pathlib import Path

from django.conf import settings

from lidhja.cases.domain import crypto
from lidhja.cases.models import Attachment


def _path(attachment: Attachment) -> Path:
    return Path(settings.LIDHJA_PRIVATE_FILES) / "cases" / f"{attachment.uuid}.sealed"


def write(attachment: Attachment, name: str, content: bytes) -> Path:
    """Seal `name` into the row and `content` into its file; the file's path."""
    ring = crypto.keyring()
    attachment.sealed_name = ring.seal(name.encode("utf-8"), attachment.context + ":name")
    path = _path(attachment)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ring.seal(content, attachment.context))
    return path


def read(attachment: Attachment) -> tuple[str, bytes]:
    ring = crypto.keyring()
    content = ring.open(_path(attachment).read_bytes(), attachment.context)
    return ring.open(attachment.sealed_name, attachment.context + ":name").decode("utf-8"), content


def erase_files(attachments) -> None:
    for attachment in attachments:
        _path(attachment).unlink(missing_ok=True)
    attachments.update(erased=True, sealed_name=b"")


def reseal_file(attachment: Attachment) -> bool:
    """Seal the file again with the current key, if another sealed it; whether it did."""
    ring = crypto.keyring()
    path = _path(attachment)
    if not path.exists():
        return False
    sealed = path.read_bytes()
    if ring.key_of(sealed) == ring.current:
        return False
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(ring.seal(ring.open(sealed, attachment.context), attachment.context))
    temporary.replace(path)
    return True
