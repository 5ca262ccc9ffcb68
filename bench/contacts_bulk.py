"""A 1,000-row contact upsert (POST /api/contacts/bulk's service) and the same as a CSV import.

Times, on a scratch database: 1,000 new contacts in one batch, the same 1,000 again as updates,
a dry run of a 1,000-line CSV, and a batch of 1,000 whose last row is bad (everything is checked,
then all rolled back). SQLite by default (a temporary file); with DATABASE_URL, PostgreSQL, in a
scratch database `dispatchdesk_bench_crm` that it creates and drops.

Run: .venv/bin/python bench/contacts_bulk.py
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/x DISPATCHDESK_SECRET_KEY=x .venv/bin/python bench/contacts_bulk.py
"""

# Django reads the database settings once, at setup: everything Django is imported after.
# ruff: noqa: PLC0415

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import write_result

SCRATCH = "dispatchdesk_bench_crm"
ROWS = 1000
REPEATS = 3


def _database() -> str:
    configured = os.environ.get("DATABASE_URL", "")
    if not configured:
        os.environ["DISPATCHDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="crm-bench-")
        return "SQLite"
    import psycopg
    from psycopg import sql

    with psycopg.connect(configured, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(SCRATCH)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(SCRATCH)))
    os.environ["DATABASE_URL"] = urlunsplit(urlsplit(configured)._replace(path=f"/{SCRATCH}"))
    return "PostgreSQL"


def _best(action: Callable[[], object]) -> float:
    """The fastest of REPEATS runs, in seconds (each run rolls back or is idempotent)."""
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    engine = _database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dispatchdesk.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from dispatchdesk.accounts.models import Role, User
    from dispatchdesk.common.errors import DomainError
    from dispatchdesk.customers.csv_import import contacts_import
    from dispatchdesk.customers.models import Contact
    from dispatchdesk.customers.sync import ContactRow, contacts_upsert_many

    admin = User.objects.create(username="bench-admin", role=Role.ADMIN)
    rows = [
        ContactRow(
            line=n,
            values={
                "external_id": f"crm-{n}",
                "name": f"Person {n}",
                "email": f"p{n}@example.com",
                "phone": f"+49 30 {1000000 + n}",
            },
        )
        for n in range(1, ROWS + 1)
    ]
    bad = [*rows[:-1], ContactRow(line=ROWS, values={"external_id": "bad", "name": "Bad", "email": "nope"})]
    csv_text = "name,email,phone,external_id\n" + "".join(
        f"Person {n},p{n}@example.com,+49 30 {1000000 + n},crm-{n}\n" for n in range(1, ROWS + 1)
    )

    started = time.perf_counter()
    contacts_upsert_many(actor=admin, rows=rows)
    create = time.perf_counter() - started
    if Contact.objects.count() != ROWS:
        raise AssertionError("the batch did not create every row")
    update = _best(lambda: contacts_upsert_many(actor=admin, rows=rows))
    dry_run = _best(lambda: contacts_import(actor=admin, data=csv_text.encode(), dry_run=True))

    def refused() -> None:
        try:
            contacts_upsert_many(actor=admin, rows=bad)
        except DomainError:
            return
        raise AssertionError("the bad batch was accepted")

    rolled_back = _best(refused)
    table = [
        f"| {ROWS:,} rows ({engine}) | seconds | per row (ms) |",
        "| --- | ---: | ---: |",
        *(
            f"| {name} | {seconds:.2f} | {seconds / ROWS * 1000:.2f} |"
            for name, seconds in (
                ("create (one batch)", create),
                ("update the same rows", update),
                ("CSV dry run (updates)", dry_run),
                ("batch with a bad last row (rolled back)", rolled_back),
            )
        ),
    ]
    print("\n".join(table))
    name = "contacts-bulk" + ("-postgres" if engine == "PostgreSQL" else "")
    write_result(
        name,
        f"Contact upsert, {ROWS:,} rows in one transaction ({engine})",
        table,
        "Service calls in-process (no HTTP); best of 3 except the first create. Each row is a savepoint, "
        "so a bad row is reported without losing the check of the others (decision 0026).",
    )


if __name__ == "__main__":
    main()
