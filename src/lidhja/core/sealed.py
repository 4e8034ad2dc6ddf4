"""Private files sealed at rest with the keyring (AES-256-GCM, `cases.domain.crypto`): case
attachments, report evidence and evaluation files alike. Each file is bound to a context, the
row that names it, so a file copied under another row's name does not open.

Apps register the sealed files they keep (`register`), so that `lidhja cases reencrypt` moves
every one of them to the current key, and `lidhja files seal` seals files written before
sealing existed.
"""

from collections.abc import Callable, Iterable
from pathlib import Path

from lidhja.cases.domain import crypto
from lidhja.core.files import private_path, replace_file, write_file

# name -> a function listing (file name under the private folder, context) of every file kept
_REGISTRY: dict[str, Callable[[], Iterable[tuple[str, str]]]] = {}


def register(name: str, files: Callable[[], Iterable[tuple[str, str]]]) -> None:
    _REGISTRY[name] = files


def write(relative: str, content: bytes, context: str) -> Path:
    """Seal `content` into the private file `relative`, inside `core.files.atomic()`."""
    return write_file(private_path(relative), crypto.keyring().seal(content, context))


def read(relative: str, context: str) -> bytes:
    """The content of a sealed private file; `crypto.Tampered` if it does not open."""
    return crypto.keyring().open(private_path(relative).read_bytes(), context)


def reseal(relative: str, context: str) -> bool:
    """Seal the file with the current key if another key sealed it, or seal it if it is a
    plain file from before sealing; whether it changed. A missing file is left alone."""
    path = private_path(relative)
    if not path.exists():
        return False
    ring = crypto.keyring()
    stored = path.read_bytes()
    if not stored.startswith(crypto.MAGIC):
        # Uploads must begin with a known signature (core.files.KINDS), none of them MAGIC.
        plain = stored
    elif ring.key_of(stored) == ring.current:
        return False
    else:
        plain = ring.open(stored, context)
    replace_file(path, ring.seal(plain, context))
    return True


def reseal_registered() -> int:
    """Reseal every registered file (see `reseal`); how many changed."""
    return sum(
        reseal(relative, context)
        for files in _REGISTRY.values()
        for relative, context in files()
        if relative
    )
