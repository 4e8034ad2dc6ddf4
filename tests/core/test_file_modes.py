"""Files and folders Lidhja creates are readable by their owner only (see core.private); the
whole installation is checked end to end in test_backup_restore.py."""

import stat

import pytest
from django.core.files.base import ContentFile
from django.db.utils import ConnectionHandler

from lidhja.core import private
from lidhja.monitoring.models.evidence import private_storage


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_process_creates_files_for_its_owner_only(tmp_path):
    (tmp_path / "new").write_text("x")
    (tmp_path / "folder").mkdir()
    assert (_mode(tmp_path / "new"), _mode(tmp_path / "folder")) == (0o600, 0o700)


def test_uploaded_private_files_and_their_folders_are_owner_only(settings, tmp_path):
    name = private_storage().save("evidence/2026/11/report.pdf", ContentFile(b"%PDF-1.4"))
    stored = settings.LIDHJA_PRIVATE_FILES / name
    assert _mode(stored) == 0o600
    assert {_mode(p) for p in stored.parents if p.is_relative_to(tmp_path) and p != tmp_path} == {
        0o700
    }


@pytest.mark.django_db
def test_an_sqlite_file_made_readable_by_others_is_narrowed_when_opened(tmp_path):
    path = tmp_path / "old.sqlite3"
    path.touch()
    path.chmod(0o644)
    databases = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}}
    wrapper = ConnectionHandler(databases)["default"]
    wrapper.ensure_connection()
    wrapper.close()
    assert _mode(path) == 0o600


def test_folders_of_an_earlier_version_are_narrowed(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o755)
    private.narrow_folders(folder, tmp_path / "missing")
    assert _mode(folder) == 0o700
