"""Uploaded files: checks for an allowed kind, confirmed by how the content begins, and a size
limit (report evidence, evaluation files and case files alike); and private files that follow
the transaction of the row that names them."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

ZIP = b"PK\x03\x04"
# File ending -> (content type, how the file must begin).
KINDS = {
    ".pdf": ("application/pdf", b"%PDF"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
}


def checked_upload(
    name: str, content: bytes, max_bytes: int, field: str = "file"
) -> tuple[str, str]:
    """(safe file name, content type) of an acceptable upload, or ValidationError on `field`."""
    if len(content) > max_bytes:
        raise ValidationError({field: _("The file is too large.")})
    suffix = PurePath(name).suffix.lower()
    if suffix not in KINDS:
        raise ValidationError({field: _("Allowed kinds: PDF, PNG, JPEG, DOCX, XLSX.")})
    content_type, magic = KINDS[suffix]
    if not content.startswith(magic):
        raise ValidationError({field: _("The file's content does not match its kind.")})
    return PurePath(name).name[:200], content_type


# --- Files that follow the transaction -------------------------------------------------------
# A row and its file must live or die together. Deleting a file waits for the commit (a
# rollback keeps it), and a file written inside `atomic()` is removed again when the block
# rolls back: Django has no rollback hook, so the block itself undoes what it wrote when an
# exception leaves it, and a block nested in another hands its files to the outer one.


class _Written:
    def __init__(self) -> None:
        self.paths: list[Path] = []

    def undo(self) -> None:
        for path in reversed(self.paths):
            path.unlink(missing_ok=True)


_current: ContextVar[_Written | None] = ContextVar("lidhja_files_written", default=None)


@contextmanager
def atomic(using: str | None = None) -> Iterator[None]:
    """`transaction.atomic` for a service that writes files (a decorator or a `with` block)."""
    written, outer = _Written(), _current.get()
    token = _current.set(written)
    try:
        with transaction.atomic(using=using):
            yield
    except BaseException:
        written.undo()
        raise
    finally:
        _current.reset(token)
    if outer is not None:  # if the outer block rolls back, these go too
        outer.paths.extend(written.paths)


def private_path(relative: str) -> Path:
    """Where a private file of that name lives; the name may not leave the private folder."""
    root = Path(settings.LIDHJA_PRIVATE_FILES).resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or path == root:
        raise ValueError("a private file name must stay inside the private files folder")
    return path


def write_file(path: Path, content: bytes) -> Path:
    """Write `content` at `path`, readable by its owner only, inside `atomic()`: the file is
    removed again if the block rolls back."""
    written = _current.get()
    if written is None or not transaction.get_connection().in_atomic_block:
        raise RuntimeError("write_file() must be called inside lidhja.core.files.atomic()")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    written.paths.append(path)
    replace_file(path, content)
    return path


def replace_file(path: Path, content: bytes) -> None:
    """Write the file whole under a temporary name, then put it in place at once: a reader
    never sees half of it, and a failed write leaves nothing behind."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def delete_on_commit(path: Path) -> None:
    """Remove `path` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(partial(path.unlink, missing_ok=True))
