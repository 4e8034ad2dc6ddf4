"""Writing a backup and restoring one: the two operator services, each audited."""

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from lidhja.audit.domain import services as audit
from lidhja.cases.domain import crypto, keys
from lidhja.core.backup import archive, database
from lidhja.core.backup.archive import ArchiveError


class BackupError(RuntimeError):
    """The backup or restore cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Backup:
    path: Path
    sha256: str
    engine: str
    files: int
    rows: int
    key_ids: list[str]


@dataclass
class Restored:
    engine: str
    created_at: str
    files: int
    rows: int
    migrated: bool
    replaced: list[str] = field(default_factory=list)
    key_ids: list[str] = field(default_factory=list)
    missing_keys: list[str] = field(default_factory=list)


def private_root() -> Path:
    return Path(settings.LIDHJA_PRIVATE_FILES).resolve()


# --- backup ---------------------------------------------------------------------------------


def create_backup(output: Path) -> Backup:
    """Write one archive at `output` (mode 0600): database snapshot, private files, manifest."""
    output = output.resolve()
    if output.exists():
        raise BackupError(f"{output} already exists: choose another file name")
    if output.is_relative_to(private_root()):
        raise BackupError("the archive cannot be written inside the private files folder")
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        writer = archive.Writer(output)
    except FileExistsError:
        raise BackupError(
            f"{output}.partial exists: another backup is being written there, or one was "
            "interrupted (then remove that file)"
        ) from None
    try:
        manifest = _write_members(writer, output.parent)
        writer.finish()
    except BaseException:
        writer.abandon()
        raise
    result = Backup(
        output,
        archive.sha256_of(output),
        manifest["database"]["engine"],
        len(manifest["files"]),
        sum(manifest["counts"].values()),
        manifest["key_ids"],
    )
    with transaction.atomic():
        audit.record(
            "backup.created",
            changes={"engine": result.engine, "files": result.files, "sha256": result.sha256},
        )
    return result


def _write_members(writer: archive.Writer, work_folder: Path) -> dict[str, Any]:
    engine = database.engine()
    with tempfile.TemporaryDirectory(prefix=".lidhja-backup-", dir=work_folder) as work:
        with database.snapshot(Path(work)) as (snapshot_file, cursor):
            described = database.describe(cursor)
        member = archive.DATABASE_MEMBERS[engine]
        added = writer.add_file(member, snapshot_file)
    files, file_keys = _add_private_files(writer)
    manifest = {
        "format": archive.FORMAT,
        "application": "lidhja",
        "version": metadata.version("lidhja"),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": {
            "engine": engine,
            "member": member,
            "size": added["size"],
            "sha256": added["sha256"],
        },
        "migrations": described["migrations"],
        "counts": described["counts"],
        "key_ids": sorted(set(described["key_ids"]) | file_keys),
        "files": files,
    }
    writer.add_bytes(archive.MANIFEST, json.dumps(manifest, indent=2).encode("utf-8"))
    return manifest


def _add_private_files(writer: archive.Writer) -> tuple[list[dict[str, Any]], set[str]]:
    """Every regular file under the private files folder, after the database snapshot: each
    row the snapshot holds had its file written before it was committed."""
    root = private_root()
    files, key_ids = [], set()
    for path in sorted(root.rglob("*")) if root.is_dir() else []:
        if path.is_symlink() or not path.is_file():
            continue
        relative = path.relative_to(root).as_posix()
        try:
            added = writer.add_file(f"{archive.FILES}/{relative}", path)
        except FileNotFoundError:  # removed since the listing (an erasure): not in the snapshot
            continue
        files.append({"path": relative, "size": added["size"], "sha256": added["sha256"]})
        if key_id := keys.key_id_of(added["head"]):
            key_ids.add(key_id)
    return files, key_ids


# --- restore --------------------------------------------------------------------------------


def restore_backup(path: Path, *, force: bool = False) -> Restored:
    """Check `path` whole, then restore it into an empty database and private files folder
    (or over existing data with `force`). Nothing is written when a check fails."""
    staging = Path(tempfile.mkdtemp(prefix=".lidhja-restore-", dir=settings.DATA_DIR))
    try:
        unpacked = archive.unpack(path, staging / "archive")
        _check_fits(unpacked)
        in_use = _data_in_place()
        if in_use and not force:
            raise BackupError(
                "refusing to restore over existing data ("
                + ", ".join(in_use)
                + "): restore into an empty database and files folder, or pass --force to "
                "replace them"
            )
        return _restore(unpacked, staging, replaced=in_use)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_fits(unpacked: archive.Unpacked) -> None:
    if unpacked.engine != database.engine():
        raise ArchiveError(
            f"the archive holds a {unpacked.engine} database but this installation uses "
            f"{database.engine()}: restore it with the same kind of database"
        )
    unknown = database.unknown_migrations(unpacked.manifest["migrations"])
    if unknown:
        raise ArchiveError(
            "the archive was made by another version of Lidhja; this one lacks the migrations "
            + ", ".join(unknown)
            + ": install that version (or a later one) first"
        )


def _data_in_place() -> list[str]:
    found = [f"{label} rows" for label in database.rows_in_use()]
    root = private_root()
    if root.is_dir() and any(p.is_file() for p in root.rglob("*")):
        found.append(f"files in {root}")
    return found


def _restore(unpacked: archive.Unpacked, staging: Path, *, replaced: list[str]) -> Restored:
    manifest = unpacked.manifest
    database.restore(unpacked.database, unpacked.engine, staging)
    archive.move_files(unpacked.files_folder, private_root())
    ContentType.objects.clear_cache()
    expected = {
        label: count
        for label, count in manifest["counts"].items()
        if label in set(database.counted_models())
    }
    found = database.current_counts(list(expected))
    if found != expected:
        differing = sorted(label for label in expected if found[label] != expected[label])
        raise BackupError(f"row counts differ from the manifest after restore: {differing}")
    migrated = _migrate_if_needed()
    call_command("collectstatic", interactive=False, verbosity=0)
    with transaction.atomic():
        audit.record(
            "backup.restored",
            changes={
                "created_at": manifest["created_at"],
                "engine": unpacked.engine,
                "files": len(manifest["files"]),
                "sha256": unpacked.sha256,
                "replaced": bool(replaced),
            },
        )
    return Restored(
        unpacked.engine,
        manifest["created_at"],
        len(manifest["files"]),
        sum(expected.values()),
        migrated,
        replaced,
        list(manifest.get("key_ids", [])),
        _missing_keys(manifest.get("key_ids", [])),
    )


def _migrate_if_needed() -> bool:
    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    call_command("migrate", interactive=False, verbosity=0)
    return True


def _missing_keys(key_ids: list[str]) -> list[str]:
    """The keys the restored data need that the configured keyring lacks (all, if none)."""
    try:
        held = set(crypto.keyring().keys)
    except crypto.KeyringError:
        held = set()
    return sorted(set(key_ids) - held)
