"""Writing generated rows fast (common.bulk), with the indexes set aside meanwhile and the sequences after."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection

from dispatchdesk.common.bulk import insert_rows
from dispatchdesk.demo.generate.stories import Rows

COLUMNS: dict[str, tuple[str, ...]] = {
    "tickets": (
        "tickets_ticket",
        "id, number, access_key, subject, description, customer_id, organisation_id, channel, category_id, "
        "priority, status, group_id, assignee_id, tier, language, first_response_at, resolved_at, closed_at, "
        "reopen_count, dispatch_mode, manual_fields, created_at, updated_at, sla_due_at, sla_warn_at, sla_paused",
    ),
    "messages": ("tickets_message", "id, ticket_id, kind, author_id, author_contact_id, body, channel, created_at"),
    "events": (
        "tickets_timelineevent",
        "id, ticket_id, kind, actor_id, actor_label, public, data, message_id, created_at",
    ),
    "slas": (
        "sla_ticketsla",
        "ticket_id, policy_id, first_responded_at, awaiting_reply_since, paused_since, pauses, first_response_due, "
        "next_response_due, resolution_due, due_clock, due_at, warn_at, fired, due_started_at, check_at, breaches",
    ),
    "figures": (
        "reports_ticketfigures",
        "ticket_id, group_id, created_at, first_response_at, first_response_s, first_response_business_s, "
        "first_response_met, resolved_at, resolution_s, resolution_business_s, resolution_met, assignee_id, channel, "
        "category_id, reopens, reassignments, escalations, customer_replies, handle_s",
    ),
    "tags": ("tickets_ticket_tags", "ticket_id, tag_id"),
    "tagged": ("reports_taggedticket", "ticket_id, tag_id, created_at"),
}
# Parents before children: the foreign keys are checked as rows arrive.
ORDER = ("tickets", "messages", "events", "slas", "figures", "tags", "tagged")


def write(rows: Rows) -> None:
    for name in ORDER:
        table, columns = COLUMNS[name]
        batch: list[tuple[Any, ...]] = getattr(rows, name)
        if batch:
            insert_rows(table, columns.split(", "), batch)


FILLED = tuple(COLUMNS[name][0] for name in ORDER)


@contextmanager
def indexes_set_aside() -> Iterator[None]:
    """PostgreSQL: drop the filled tables' plain indexes while rows arrive and build them again after,
    which is several times faster than updating them row by row. Indexes that back a constraint
    (primary keys, unique numbers and keys) stay: the foreign keys and uniqueness are checked as ever."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check foreign keys per row, not in a queue till commit
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute(
            """SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
               JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
               WHERE t.relname = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)""",
            [list(FILLED)],
        )
        dropped = cursor.fetchall()
        for name, _definition in dropped:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        for _name, definition in dropped:
            cursor.execute(definition)


def reset_sequences(tables: Sequence[str]) -> None:
    """PostgreSQL: the next id after the ids written explicitly (SQLite takes the largest rowid itself)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
            )


def next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608
        row = cursor.fetchone()
    return int(row[0])


def vacuum() -> None:
    """PostgreSQL, after the commit: planner statistics and the visibility map (index-only scans) for the
    tables just filled, as autovacuum would set them a while later. SQLite plans without."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
