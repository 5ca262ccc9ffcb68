"""`dispatchdesk backup` / `restore`: the whole database as one file, with the database's own tools
(decision 0043): SQLite's online backup API, PostgreSQL's pg_dump / pg_restore in custom format.

Unlike an export, a backup is the database itself (every table, sessions and outbox included) and
only goes back into the same kind of database at the same version of Dispatchdesk.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import DatabaseError, connection

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import Contact, Organisation
from dispatchdesk.tickets.models import Ticket

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
# Rows a desk in use has and a freshly migrated database has not.
DESK_MODELS = (Ticket, Contact, Organisation, User)
PG_TIMEOUT_S = 3600


def backup_name() -> str:
    suffix = "sqlite3" if connection.vendor == "sqlite" else "pgdump"
    return f"dispatchdesk-{clock.now():%Y%m%d-%H%M%S}.{suffix}"


def backup_write(*, path: Path) -> None:
    """Write the database to `path` while the desk keeps running (both tools read one snapshot)."""
    if connection.vendor == "sqlite":
        _sqlite_copy(path, into_database=False)
    elif connection.vendor == "postgresql":
        _pg_run("pg_dump", "--format=custom", "--no-owner", f"--file={path}")
    else:
        raise DomainError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.", code="unsupported")


def backup_restore(*, path: Path, force: bool) -> None:
    """Replace the database with the backup at `path`. A database that holds a desk is only replaced
    with `force`: a restore throws away everything written since the backup."""
    _require_backup_file(path)
    if not force and desk_in_use():
        raise DomainError(
            "The database is not empty: it holds a desk (users, contacts or tickets). Restoring would "
            "replace all of it with the backup; run again with --force to do so.",
            code="database_not_empty",
        )
    if connection.vendor == "sqlite":
        _sqlite_copy(path, into_database=True)
    else:
        _pg_run("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(path))


def desk_in_use() -> bool:
    try:
        return any(model.objects.exists() for model in DESK_MODELS)
    except DatabaseError:  # no tables yet: a new database
        return False


def _require_backup_file(path: Path) -> None:
    expected = SQLITE_MAGIC if connection.vendor == "sqlite" else PG_CUSTOM_MAGIC
    try:
        with path.open("rb") as file:
            start = file.read(len(expected))
    except OSError as error:
        raise DomainError(f"Cannot read {path}: {error.strerror}.", code="unreadable") from None
    if start != expected:
        kind = "an SQLite database" if connection.vendor == "sqlite" else "a pg_dump file in custom format"
        raise DomainError(
            f"{path} is not {kind}, so it is not a backup of this database ({connection.vendor}).",
            code="not_a_backup",
        )


def _sqlite_copy(path: Path, *, into_database: bool) -> None:
    """Page by page through SQLite's online backup API, on Django's own connection (so an in-memory
    database works too); readers and writers elsewhere wait only for each step."""
    connection.ensure_connection()
    database = connection.connection
    file = sqlite3.connect(path)
    try:
        if into_database:
            file.backup(database)
        else:
            database.backup(file)
    except sqlite3.Error as error:
        raise DomainError(f"The SQLite copy failed: {error}", code="backup_failed") from None
    finally:
        file.close()


def _pg_run(tool: str, *arguments: str) -> None:
    program = shutil.which(tool)
    if program is None:
        raise DomainError(
            f"{tool} is not installed; install PostgreSQL's client tools of the server's version "
            "(Debian: apt install postgresql-client).",
            code="tool_missing",
        )
    database = connection.settings_dict
    options = [f"--dbname={database['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            options.append(f"{option}={database[key]}")
    environment = {**os.environ, "PGPASSWORD": str(database.get("PASSWORD") or "")}
    connection.close()  # pg_restore drops the tables: no open transaction of ours may hold them
    done = subprocess.run(  # noqa: S603 - the program found on PATH, our own arguments
        [program, *options, *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=PG_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        raise DomainError(f"{tool} failed: {done.stderr.strip()}", code="backup_failed")
