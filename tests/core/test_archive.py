"""Archives that `lidhja restore` refuses before it writes anything: no manifest, an altered
file, unsafe names, links, another database engine, an unknown format or migration, members
the manifest does not list; and a good archive over existing data without --force."""

import hashlib
import io
import json
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lidhja.audit.models import AuditEntry
from lidhja.core.backup import database

DB = b"synthetic database snapshot"
FILE = b"L1\x03k01" + b"\x00" * 30


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _manifest(**overrides) -> dict:
    engine = connection.vendor
    member = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[engine]
    return {
        "format": 1,
        "created_at": "2026-11-29T12:00:00+00:00",
        "database": {"engine": engine, "member": member, "size": len(DB), "sha256": _sha(DB)},
        "migrations": {"audit": "0002_append_only_triggers"},
        "counts": {},
        "key_ids": ["k01"],
        "files": [{"path": "cases/a.sealed", "size": len(FILE), "sha256": _sha(FILE)}],
        **overrides,
    }


def _members(manifest: dict | None) -> list[tuple[str, bytes]]:
    members = []
    if manifest is not None:
        members.append(("manifest.json", json.dumps(manifest).encode()))
        members.append((manifest["database"]["member"], DB))
    members.append(("files/cases/a.sealed", FILE))
    return members


def _archive(path, members, links=()) -> str:
    with tarfile.open(path, "w:gz") as tar:
        for name, content in members:
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
        for name, target in links:
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            tar.addfile(info)
    return str(path)


@pytest.fixture
def site(settings, tmp_path):
    """A data folder holding one private file, to show that a refusal leaves it as it was."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    settings.LIDHJA_PRIVATE_FILES = settings.DATA_DIR / "files"
    existing = settings.LIDHJA_PRIVATE_FILES / "evidence" / "kept.pdf"
    existing.parent.mkdir(parents=True)
    existing.write_bytes(b"%PDF kept")
    return tmp_path


def _refused(path, *args) -> str:
    counts = database.current_counts(database.counted_models())
    files = sorted(p.relative_to(path) for p in path.rglob("*") if p.name != "archive.tar.gz")
    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(path / "archive.tar.gz"), *args)
    # Nothing changed: the same rows, the same files, nothing unpacked left behind.
    assert database.current_counts(database.counted_models()) == counts
    assert sorted(p.relative_to(path) for p in path.rglob("*") if p.name != "archive.tar.gz") == (
        files
    )
    assert not AuditEntry.objects.filter(action="backup.restored").exists()
    return str(refusal.value)


ARCHIVE_REFUSED = "archive refused, nothing was changed: "


@pytest.mark.django_db
def test_an_archive_without_manifest_is_refused(site):
    _archive(site / "archive.tar.gz", _members(None))
    assert (
        _refused(site) == ARCHIVE_REFUSED + "the archive has no manifest.json: not a Lidhja backup"
    )


@pytest.mark.django_db
def test_an_altered_file_is_refused(site):
    members = [
        (name, b"L1\x03k01 altered" if name.startswith("files/") else content)
        for name, content in _members(_manifest())
    ]
    _archive(site / "archive.tar.gz", members)
    assert _refused(site) == (
        ARCHIVE_REFUSED + "files/cases/a.sealed: checksum does not match the manifest (altered?)"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["../x", "files/../../x", "/x", "files/./x"])
def test_a_member_named_outside_the_archive_is_refused(site, name):
    _archive(site / "archive.tar.gz", [*_members(_manifest()), (name, b"escape")])
    assert _refused(site) == ARCHIVE_REFUSED + f"unsafe member name {name!r}: refused"
    assert not (site / "x").exists()
    assert not (site / "data" / "x").exists()
    assert not (site / "data" / "archive" / "x").exists()


@pytest.mark.django_db
def test_a_symbolic_link_is_refused(site):
    _archive(site / "archive.tar.gz", _members(_manifest()), links=[("files/link", "/etc/passwd")])
    assert _refused(site) == (
        ARCHIVE_REFUSED
        + "member 'files/link' is not a plain file (a link, folder or device): refused"
    )


@pytest.mark.django_db
def test_a_member_the_manifest_does_not_list_is_refused(site):
    _archive(site / "archive.tar.gz", [*_members(_manifest()), ("files/extra.pdf", b"%PDF")])
    assert _refused(site) == (
        ARCHIVE_REFUSED + "files/extra.pdf is in the archive but not in the manifest: refused"
    )


@pytest.mark.django_db
def test_another_database_engine_is_refused(site):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    member = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}[other]
    manifest = _manifest(
        database={"engine": other, "member": member, "size": len(DB), "sha256": _sha(DB)}
    )
    _archive(site / "archive.tar.gz", _members(manifest))
    assert _refused(site) == ARCHIVE_REFUSED + (
        f"the archive holds a {other} database but this installation uses {connection.vendor}: "
        "restore it with the same kind of database"
    )


@pytest.mark.django_db
def test_an_unknown_format_is_refused(site):
    _archive(site / "archive.tar.gz", _members(_manifest(format=2)))
    assert _refused(site) == ARCHIVE_REFUSED + "unknown archive format 2 (this Lidhja reads 1)"


@pytest.mark.django_db
def test_an_archive_from_a_newer_version_is_refused(site):
    manifest = _manifest(migrations={"audit": "0099_from_the_future"})
    _archive(site / "archive.tar.gz", _members(manifest))
    assert _refused(site) == ARCHIVE_REFUSED + (
        "the archive was made by another version of Lidhja; this one lacks the migrations "
        "audit.0099_from_the_future: install that version (or a later one) first"
    )


@pytest.mark.django_db
def test_a_file_that_is_no_archive_is_refused(site):
    (site / "archive.tar.gz").write_bytes(b"not a tar at all")
    assert _refused(site).startswith(
        ARCHIVE_REFUSED + f"{site / 'archive.tar.gz'}: not a readable backup archive"
    )


@pytest.mark.django_db
def test_a_good_archive_is_not_restored_over_existing_data_without_force(site, settings):
    _archive(site / "archive.tar.gz", _members(_manifest()))
    assert _refused(site) == (
        "refusing to restore over existing data (accounts.User rows, plans.Plan rows, files in "
        f"{settings.LIDHJA_PRIVATE_FILES}): restore into an empty database and files folder, "
        "or pass --force to replace them"
    )


@pytest.mark.django_db
def test_backup_never_overwrites_a_file_nor_writes_into_the_private_files(site, settings):
    existing = site / "existing.tar.gz"
    existing.write_bytes(b"an earlier backup")
    with pytest.raises(CommandError) as refusal:
        call_command("backup", "-o", str(existing))
    assert str(refusal.value) == f"{existing} already exists: choose another file name"
    assert existing.read_bytes() == b"an earlier backup"

    inside = settings.LIDHJA_PRIVATE_FILES / "backup.tar.gz"
    with pytest.raises(CommandError) as refusal:
        call_command("backup", "-o", str(inside))
    assert str(refusal.value) == "the archive cannot be written inside the private files folder"
    assert not inside.exists()
    assert not AuditEntry.objects.filter(action="backup.created").exists()
