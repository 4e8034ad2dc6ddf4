"""Checks for uploaded files: an allowed kind, confirmed by how the content begins, and a
size limit. Used for report evidence and evaluation files alike."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
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
