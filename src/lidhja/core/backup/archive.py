"""The archive: a gzip'd tar of `manifest.json`, the database snapshot and `files/…`.

Writing streams the private files into the archive, hashing them on the way, and adds the
manifest last. Reading checks every member before anything is restored: only plain files with
safe relative names, exactly the members the manifest lists, each with its size and SHA-256.
"""

import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


class ArchiveError(ValueError):
    """The archive cannot be restored; nothing has been written."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def safe_name(name: str) -> PurePosixPath:
    """`name` as a relative path that stays inside the folder it is unpacked into."""
    path = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or path.is_absolute()
        or any(part in ("..", ".", "") for part in name.split("/"))
    ):
        raise ArchiveError(f"unsafe member name {name!r}: refused")
    return path


class _Hashing:
    """A read-only file wrapper that hashes what passes through it."""

    def __init__(self, handle: IO[bytes]):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk


class Writer:
    """Adds members to a new archive created readable by its owner only."""

    def __init__(self, output: Path):
        self.output = output
        self.partial = output.with_name(output.name + ".partial")
        fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self.raw = os.fdopen(fd, "wb")
        self.tar = tarfile.open(fileobj=self.raw, mode="w:gz")  # noqa: SIM115 - closed in finish

    def add_file(self, member: str, path: Path) -> dict[str, Any]:
        """Add the file at `path` as `member`; its size, SHA-256 and first bytes."""
        info = tarfile.TarInfo(member)
        with path.open("rb") as handle:
            status = os.fstat(handle.fileno())
            info.size, info.mtime, info.mode = status.st_size, int(status.st_mtime), 0o600
            head = handle.read(64)
            handle.seek(0)
            hashing = _Hashing(handle)
            self.tar.addfile(info, hashing)
        return {"size": info.size, "sha256": hashing.digest.hexdigest(), "head": head}

    def add_bytes(self, member: str, content: bytes) -> None:
        info = tarfile.TarInfo(member)
        info.size, info.mtime, info.mode = len(content), int(time.time()), 0o600
        self.tar.addfile(info, io.BytesIO(content))

    def finish(self) -> None:
        self.tar.close()
        self.raw.close()
        os.replace(self.partial, self.output)

    def abandon(self) -> None:
        self.tar.close()
        self.raw.close()
        self.partial.unlink(missing_ok=True)


@dataclass
class Unpacked:
    """An archive checked member by member and unpacked into `folder`."""

    manifest: dict[str, Any]
    folder: Path
    sha256: str
    files: list[dict[str, Any]] = field(default_factory=list)

    @property
    def engine(self) -> str:
        return str(self.manifest["database"]["engine"])

    @property
    def database(self) -> Path:
        return self.folder / self.manifest["database"]["member"]

    @property
    def files_folder(self) -> Path:
        return self.folder / FILES


def unpack(archive: Path, folder: Path) -> Unpacked:
    """Unpack `archive` into the empty `folder`, refusing anything unsafe or not as the
    manifest says (ArchiveError). Nothing outside `folder` is written."""
    if not archive.is_file():
        raise ArchiveError(f"{archive}: no such file")
    digests: dict[str, tuple[int, str]] = {}
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                name = _checked_member(member, digests)
                source = tar.extractfile(member)
                assert source is not None  # a regular member always has content
                digests[name] = _write(source, folder / name)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise ArchiveError(f"{archive}: not a readable backup archive ({exc})") from None
    manifest = _manifest(folder, digests)
    _check_members(manifest, digests)
    return Unpacked(manifest, folder, sha256_of(archive), manifest["files"])


def _checked_member(member: tarfile.TarInfo, seen: dict[str, Any]) -> str:
    name = str(safe_name(member.name))
    if not member.isreg():
        raise ArchiveError(
            f"member {member.name!r} is not a plain file (a link, folder or device): refused"
        )
    if name in seen:
        raise ArchiveError(f"member {name!r} appears twice: refused")
    return name


def _write(source: IO[bytes], target: Path) -> tuple[int, str]:
    """Copy `source` to the new file `target` (mode 0600); its size and SHA-256."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return size, digest.hexdigest()


def _manifest(folder: Path, digests: dict[str, tuple[int, str]]) -> dict[str, Any]:
    if MANIFEST not in digests:
        raise ArchiveError("the archive has no manifest.json: not a Lidhja backup")
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ArchiveError("manifest.json is not valid JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise ArchiveError(f"unknown archive format {found!r} (this Lidhja reads {FORMAT})")
    try:
        engine = manifest["database"]["engine"]
        _expect(manifest["database"]["member"] == DATABASE_MEMBERS[engine])
        _expect(isinstance(manifest["database"]["size"], int))
        _expect(isinstance(manifest["database"]["sha256"], str))
        _expect(isinstance(manifest["files"], list) and isinstance(manifest["counts"], dict))
        _expect(isinstance(manifest["migrations"], dict))
        for entry in manifest["files"]:
            safe_name(entry["path"])
            _expect(isinstance(entry["size"], int) and isinstance(entry["sha256"], str))
    except (KeyError, TypeError, AssertionError):
        raise ArchiveError("manifest.json lacks required entries") from None
    return manifest


def _expect(condition: bool) -> None:
    if not condition:
        raise AssertionError


def _check_members(manifest: dict[str, Any], digests: dict[str, tuple[int, str]]) -> None:
    """Every member but the manifest is listed with its size and checksum, and vice versa."""
    database = manifest["database"]
    expected = {database["member"]: (database["size"], database["sha256"])}
    expected.update(
        {
            f"{FILES}/{entry['path']}": (entry["size"], entry["sha256"])
            for entry in manifest["files"]
        }
    )
    found = {name: digest for name, digest in digests.items() if name != MANIFEST}
    for name in sorted(expected.keys() - found.keys()):
        raise ArchiveError(f"{name} is listed in the manifest but missing from the archive")
    for name in sorted(found.keys() - expected.keys()):
        raise ArchiveError(f"{name} is in the archive but not in the manifest: refused")
    for name, digest in sorted(found.items()):
        if tuple(expected[name]) != digest:
            raise ArchiveError(f"{name}: checksum does not match the manifest (altered?)")


def move_files(source: Path, target: Path) -> None:
    """Put the unpacked private files in place of the (empty or replaced) folder `target`."""
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if source.exists():
        shutil.move(str(source), str(target))
    else:
        target.mkdir(mode=0o700)
