"""Everything Lidhja keeps on disk (the SQLite database, private files, keys, backups) is
readable by the account that runs it and by no one else.

The process creates files with umask 077, so a new file is 0600 and a new folder 0700 whoever
creates it (SQLite, Django's file storage, the key file). Folders and database files made by an
earlier version with wider modes are narrowed when the application starts or connects.
"""

import os
import stat
from pathlib import Path

OWNER_ONLY_FILE = 0o600
OWNER_ONLY_DIR = 0o700


def restrict_umask() -> None:
    os.umask(0o077)


def narrow(path: Path, mode: int) -> None:
    """Give `path` at most `mode` when it exists and this account owns it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & ~mode:
        path.chmod(stat.S_IMODE(info.st_mode) & mode)


def narrow_folders(*folders: Path) -> None:
    for folder in folders:
        narrow(folder, OWNER_ONLY_DIR)


def sqlite_files(name: str) -> list[Path]:
    """The files of an SQLite database named `name`; none for an in-memory one."""
    if not name or name == ":memory:" or str(name).startswith("file:"):
        return []
    return [Path(f"{name}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]


def on_connection_created(sender, connection, **kwargs) -> None:
    """Narrow the SQLite files to their owner each time a connection opens them."""
    if connection.vendor != "sqlite":
        return
    for path in sqlite_files(str(connection.settings_dict["NAME"])):
        narrow(path, OWNER_ONLY_FILE)
