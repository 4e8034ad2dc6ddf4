"""The database half of a backup: a consistent snapshot, what it holds, and putting it back.

SQLite is copied with the online backup API, in one step under one read lock. PostgreSQL is
dumped with `pg_dump` (custom format) inside a REPEATABLE READ transaction whose snapshot the
dump shares, so the counts in the manifest describe exactly the rows in the dump. Credentials
reach the PostgreSQL tools through the environment (PGPASSWORD, …), never the command line.
"""

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from lidhja.cases.domain import keys

# Rows in any of these mean the database is in use: a restore needs --force to replace it.
IN_USE = ("accounts.User", "cases.Case", "plans.Plan")


class DatabaseToolError(RuntimeError):
    """A database tool (pg_dump, pg_restore, psql) is missing or failed."""


def engine() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise DatabaseToolError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


def _pg_environment() -> dict[str, str]:
    """The connection settings as libpq environment variables: nothing on a command line."""
    database = connection.settings_dict
    values = {
        "PGDATABASE": database["NAME"],
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGSSLMODE": database.get("OPTIONS", {}).get("sslmode"),
    }
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DatabaseToolError(
            f"{name} is not installed (Debian: apt-get install postgresql-client)"
        )
    return path


def _run(command: list[str], **kwargs: Any) -> None:
    # Fixed tools found on PATH, arguments built here, no shell.
    result = subprocess.run(  # noqa: S603
        command, env=_pg_environment(), capture_output=True, check=False, **kwargs
    )
    if result.returncode:
        raise DatabaseToolError(
            f"{Path(command[0]).name} failed: {result.stderr.decode(errors='replace')[-2000:]}"
        )


@contextmanager
def snapshot(folder: Path) -> Iterator[tuple[Path, Any]]:
    """Write the snapshot into `folder`; yield its path and a cursor that reads the very same
    state (for the manifest)."""
    if engine() == "sqlite":
        yield from _sqlite_snapshot(folder / "database.sqlite3")
    else:
        yield from _pg_snapshot(folder / "database.pgdump")


def _sqlite_snapshot(target: Path) -> Iterator[tuple[Path, Any]]:
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)
    with closing(sqlite3.connect(f"file:{target}?mode=ro", uri=True)) as snapshot:
        yield target, snapshot.cursor()


def _pg_snapshot(target: Path) -> Iterator[tuple[Path, Any]]:
    import psycopg

    pg_dump = _tool("pg_dump")
    with closing(connection.get_new_connection(connection.get_connection_params())) as conn:
        conn.rollback()
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot_id,) = cursor.fetchone()
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot_id}",
                    f"--file={target}",
                ]
            )
            yield target, cursor
        conn.rollback()


def describe(cursor) -> dict[str, Any]:
    """Migration state, row counts and the keys the sealed values need, read with `cursor`."""
    cursor.execute("SELECT app, name FROM django_migrations")
    migrations: dict[str, str] = {}
    for app, name in cursor.fetchall():
        migrations[app] = max(name, migrations.get(app, ""))
    return {
        "migrations": dict(sorted(migrations.items())),
        "counts": count_rows(cursor, counted_models()),
        "key_ids": sorted(_key_ids(cursor)),
    }


def counted_models() -> list[str]:
    """Every model of Lidhja's own apps, by label."""
    return sorted(
        model._meta.label
        for config in apps.get_app_configs()
        if config.name.startswith("lidhja.")
        for model in config.get_models()
        if model._meta.managed and not model._meta.proxy
    )


def count_rows(cursor, labels: list[str]) -> dict[str, int]:
    counts = {}
    for label in labels:
        table = apps.get_model(label)._meta.db_table
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - a model's own table
        counts[label] = int(cursor.fetchone()[0])
    return counts


def _key_ids(cursor) -> set[str]:
    found: set[str] = set()
    for model, field in keys.binary_columns():
        column, table = field.column, model._meta.db_table
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL')  # noqa: S608
        while rows := cursor.fetchmany(2000):
            found.update(key_id for (value,) in rows if (key_id := keys.key_id_of(value)))
    return found


def unknown_migrations(migrations: dict[str, str]) -> list[str]:
    """Migrations the archive has applied that this version of Lidhja does not have."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return [f"{app}.{name}" for app, name in sorted(migrations.items()) if (app, name) not in known]


def rows_in_use() -> list[str]:
    """The labels of IN_USE models that have rows (none when the tables do not exist yet)."""
    tables = set(connection.introspection.table_names())
    found = []
    with connection.cursor() as cursor:
        for label in IN_USE:
            table = apps.get_model(label)._meta.db_table
            if table in tables:
                cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')  # noqa: S608
                if cursor.fetchone():
                    found.append(label)
    return found


def current_counts(labels: list[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        return count_rows(cursor, labels)


def restore(snapshot_file: Path, engine_name: str, work: Path) -> None:
    """Replace the configured database's content with the snapshot, in one transaction."""
    if engine_name == "sqlite":
        _sqlite_restore(snapshot_file)
    else:
        _pg_restore(snapshot_file, work)


def _sqlite_restore(snapshot_file: Path) -> None:
    connection.close()
    connection.ensure_connection()
    with closing(sqlite3.connect(snapshot_file)) as source:
        source.backup(connection.connection)
    connection.close()


# Removes every table and function of the schema (the audit log's too: dropping a table is not
# the UPDATE or DELETE its triggers refuse), in the transaction that restores the dump.
DROP_ALL = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.tablename);
  END LOOP;
  FOR r IN SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema() LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS %I CASCADE', r.sequencename);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
           WHERE p.pronamespace = current_schema()::regnamespace
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE 'DROP FUNCTION IF EXISTS ' || r.signature || ' CASCADE';
  END LOOP;
END $$;
"""


def _pg_restore(dump: Path, work: Path) -> None:
    """The dump as SQL first (so a damaged dump stops before anything changes), then the
    drops and that SQL in one psql transaction."""
    pg_restore, psql = _tool("pg_restore"), _tool("psql")
    drop, script = work / "drop.sql", work / "restore.sql"
    drop.write_text(DROP_ALL, encoding="utf-8")
    _run([pg_restore, "--no-owner", "--no-privileges", f"--file={script}", str(dump)])
    connection.close()
    _run(
        [
            psql,
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "--single-transaction",
            "-f",
            str(drop),
            "-f",
            str(script),
        ]
    )
