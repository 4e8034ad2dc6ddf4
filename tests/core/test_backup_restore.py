"""Backup -> wipe -> restore, run as an operator would: the `lidhja` commands in processes of
their own, against an installation with its own data folder and database (on PostgreSQL runs,
a database of its own on the same server). The keyring lives outside the data folder, as the
README asks, and survives the wipe."""

import hashlib
import json
import os
import stat
import subprocess
import sys
import tarfile
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

# Its module fixture is built once: every test of this file runs on the same worker.
pytestmark = pytest.mark.xdist_group("backup")

PROBE = Path(__file__).with_name("backup_probe.py")
ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str | None:
    """On PostgreSQL runs, an empty database of the installation's own."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return None
    base, _, name = url.rpartition("/")
    return f"{base}/{name}_backup_" + os.environ.get("PYTEST_XDIST_WORKER", "main")


def _recreate(url: str) -> None:
    """Drop and create the database `url` names (connected through the suite's database)."""
    import psycopg

    name = url.rpartition("/")[2]
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


class Installation:
    def __init__(self, folder: Path):
        self.data = folder / "data"
        self.keyring = folder / "keyring" / "case-keyring.json"
        self.url = _database_url()
        self.env = {
            **os.environ,
            "LIDHJA_DATA_DIR": str(self.data),
            "LIDHJA_CASE_KEYRING_PATH": str(self.keyring),
            "LIDHJA_PASSWORD": PASSWORD,
        }
        self.env.pop("DATABASE_URL", None)
        self.env.pop("LIDHJA_CASE_KEYRING", None)
        if self.url:
            self.env["DATABASE_URL"] = self.url
            _recreate(self.url)

    def lidhja(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
            [sys.executable, "-m", "lidhja.manage", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        if check:
            assert result.returncode == 0, result.stderr[-3000:]
        return result

    def probe(self, *actions: str) -> dict:
        result = subprocess.run(  # noqa: S603 - this interpreter, a file of the suite
            [sys.executable, str(PROBE), *actions],
            env={**self.env, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout.strip().splitlines()[-1])

    def wipe(self) -> None:
        """Lose the database and the whole data folder; the keyring kept elsewhere stays."""
        subprocess.run(["rm", "-rf", str(self.data)], check=True)  # noqa: S603, S607
        if self.url:
            _recreate(self.url)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        return json.loads(member.read())


@pytest.fixture(scope="module")
def flow(tmp_path_factory):
    """Seed, back up, wipe, restore; then restore again over the data, refused and forced.
    Run once (each step is a process of its own); the tests below read what it found."""
    site = Installation(tmp_path_factory.mktemp("site"))
    found = {"seed": site.probe("seed")["seed"]}
    found["A"] = site.probe("open", "counts")
    archive = site.data.parent / "lidhja-backup.tar.gz"
    found["backup"] = site.lidhja("backup", "-o", str(archive)).stdout
    found["archive mode"] = _mode(archive)
    found["archive sha256"] = hashlib.sha256(archive.read_bytes()).hexdigest()
    found["manifest"] = _manifest(archive)
    found["A after backup"] = site.probe("last_audit")["last_audit"]
    found["modes"] = _modes(site)
    site.wipe()
    found["restore"] = site.lidhja("restore", str(archive)).stdout
    found["B"] = site.probe("last_audit", "counts", "open", "health", "verify")
    found["refused"] = site.lidhja("restore", str(archive), check=False)
    found["B after refusal"] = site.probe("counts")
    found["forced"] = site.lidhja("restore", str(archive), "--force").stdout
    found["B forced"] = site.probe("counts")
    found["site"] = site
    return found


def _modes(site: Installation) -> dict[str, set[int]]:
    files = site.data / "files"
    modes = {
        "data folder": {_mode(site.data)},
        "key folder": {_mode(site.keyring.parent)},
        "key file": {_mode(site.keyring)},
        "private folders": {_mode(p) for p in [files, *files.rglob("*")] if p.is_dir()},
        "private files": {_mode(p) for p in files.rglob("*") if p.is_file()},
    }
    if not site.url:
        modes["database"] = {_mode(site.data / "lidhja.sqlite3")}
    return modes


def test_the_backup_holds_the_snapshot_files_and_manifest_but_not_the_keyring(flow):
    site, manifest = flow["site"], flow["manifest"]
    assert flow["seed"] == {"attachments": 3}
    assert flow["archive mode"] == 0o600
    assert manifest["format"] == 1
    assert manifest["database"]["engine"] == ("postgresql" if site.url else "sqlite")
    assert manifest["counts"] == flow["A"]["counts"]
    assert manifest["migrations"]["audit"] == "0003_generations"
    # Three sealed case files, one plain evidence file, and the demo data's campaign materials
    # and meeting minutes (sealed).
    assert Counter(f["path"].split("/")[0] for f in manifest["files"]) == {
        "cases": 3,
        "evidence": 1,
        "campaigns": 10,
        "minutes": 28,
    }
    current_key = json.loads(site.keyring.read_text())["current"]
    assert manifest["key_ids"] == [current_key]
    assert "The case keyring is NOT in this archive" in flow["backup"]
    assert str(site.keyring) in flow["backup"]
    assert f"Keys this archive needs: {current_key}" in flow["backup"]
    assert flow["A after backup"] == {
        "action": "backup.created",
        "actor": "system",
        "changes": {
            "engine": manifest["database"]["engine"],
            "files": 42,
            "sha256": flow["archive sha256"],
        },
    }


def test_after_wipe_and_restore_every_row_person_and_file_is_back(flow):
    before, after = flow["A"], flow["B"]
    assert "the configured case keyring holds every key the data need" in flow["restore"]
    # The same rows, and one audit entry more: the restore's own.
    assert after["counts"] == {
        **before["counts"],
        "audit.AuditEntry": before["counts"]["audit.AuditEntry"] + 1,
    }
    assert before["open"]["persons"] >= 20
    assert before["open"]["files"] == 3
    assert after["open"] == before["open"]  # every person and file opens, to the same bytes
    assert after["verify"].startswith("audit log intact:")
    assert after["last_audit"] == {
        "action": "backup.restored",
        "actor": "system",
        "changes": {
            "created_at": flow["manifest"]["created_at"],
            "engine": flow["manifest"]["database"]["engine"],
            "files": 42,
            "sha256": flow["archive sha256"],
            "replaced": False,
        },
    }
    assert after["health"] == []


def test_restore_over_existing_data_needs_force(flow):
    restored, opened = flow["B"]["counts"], flow["B"]["open"]
    refused = flow["refused"]
    assert refused.returncode == 1
    assert "refusing to restore over existing data" in refused.stderr
    assert "pass --force" in refused.stderr
    # Untouched: only the probe's own reads (one entry per person and file) and its
    # `audit verify` were added since.
    assert flow["B after refusal"]["counts"] == {
        **restored,
        "audit.AuditEntry": restored["audit.AuditEntry"] + opened["persons"] + opened["files"] + 1,
    }
    assert "replaced: accounts.User rows, cases.Case rows, plans.Plan rows" in flow["forced"]
    assert flow["B forced"]["counts"] == restored  # the archive again, plus the restore's entry


def test_database_private_files_and_keys_are_their_owners_only(flow):
    modes = flow["modes"]
    assert modes.pop("private files") == {0o600}
    assert modes.pop("key file") == {0o600}
    assert modes.pop("database", {0o600}) == {0o600}
    assert modes == {
        "data folder": {0o700},
        "key folder": {0o700},
        "private folders": {0o700},
    }
