"""Writing many rows fast: COPY on PostgreSQL (psycopg), executemany on SQLite. For rows computed in
bulk (the generator, rebuilds), where the ORM's bulk_create spends most of its time preparing values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert `rows` (values in the order of `columns`) into `table`, in the caller's transaction."""
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", _for_sqlite(rows))  # noqa: S608


def _for_sqlite(rows: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """Moments as Django stores them in SQLite (naive UTC text), so its comparisons and parsing hold."""
    adapt = connection.ops.adapt_datetimefield_value
    return [tuple(adapt(value) if isinstance(value, datetime) else value for value in row) for row in rows]
