"""Where case files live: sealed with the case keyring, in the private files folder, their
names sealed too. Adding and reading a file are services (cases.domain.services); sealing a
private file is shared with the other apps (core.sealed)."""

from pathlib import Path

from django.db.models import QuerySet

from lidhja.cases.domain import crypto
from lidhja.cases.models import Attachment
from lidhja.core import files, sealed


def _name(attachment: Attachment) -> str:
    return f"cases/{attachment.uuid}.sealed"


def write(attachment: Attachment, name: str, content: bytes) -> Path:
    """Seal `name` into the row and `content` into its file, inside `core.files.atomic()`;
    the file's path."""
    ring = crypto.keyring()
    attachment.sealed_name = ring.seal(name.encode("utf-8"), attachment.context + ":name")
    return sealed.write(_name(attachment), content, attachment.context)


def read(attachment: Attachment) -> tuple[str, bytes]:
    content = sealed.read(_name(attachment), attachment.context)
    name = crypto.keyring().open(bytes(attachment.sealed_name), attachment.context + ":name")
    return name.decode("utf-8"), content


def erase_files(attachments: QuerySet[Attachment]) -> None:
    """Erase the files once the erasure commits; a rollback keeps them."""
    for attachment in attachments:
        files.delete_on_commit(files.private_path(_name(attachment)))
    attachments.update(erased=True, sealed_name=b"")


def reseal_file(attachment: Attachment) -> bool:
    """Seal the file again with the current key, if another sealed it; whether it did."""
    return sealed.reseal(_name(attachment), attachment.context)
