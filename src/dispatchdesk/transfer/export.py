"""`desk_lines`: the whole desk as JSON Lines, one record per line, read in chunks (never all at once)."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Model

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from dispatchdesk.common.rows import json_value, row_values
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.transfer.kinds import AFTER_TICKETS, CONFIGURATION, FORMAT, SEQUENCE, TICKET, VERSION, Kind

CHUNK = 500
# A nested row names its ticket by being inside it.
NESTED = frozenset({"ticket"})


def desk_lines(*, password_hashes: bool = True) -> Iterator[str]:
    """The header, then every record, each a line ending in a newline. Read inside `desk_snapshot`,
    the lines are one consistent moment of the desk. Without `password_hashes` each person's hash is
    replaced by an unusable one: they set a new password on the desk that imports the file."""
    yield _line({"type": "header", "format": FORMAT, "version": VERSION, "exported_at": clock.now().isoformat()})
    for kind in CONFIGURATION:
        lines = _kind_lines(kind)
        yield from lines if password_hashes or kind.model is not User else map(_without_password_hash, lines)
    yield from _ticket_lines()
    for kind in (*AFTER_TICKETS, SEQUENCE):
        yield from _kind_lines(kind)


@contextmanager
def desk_snapshot() -> Iterator[None]:
    """One transaction that sees one moment of the desk throughout: PostgreSQL's REPEATABLE READ
    (its default would see each query's own moment); SQLite's read transaction already does."""
    outermost = not connection.in_atomic_block  # inside a caller's transaction, its snapshot rules
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def _without_password_hash(line: str) -> str:
    record = json.loads(line)
    record["fields"]["password"] = make_password(None)  # "!" and noise: no password signs in
    return _line(record)


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, default=json_value) + "\n"


def _kind_lines(kind: Kind) -> Iterator[str]:
    rows = kind.model._default_manager.order_by("pk").prefetch_related(*kind.many)
    for row in rows.iterator(chunk_size=CHUNK):
        yield _line({"type": kind.name, "id": row.pk, "fields": _fields(row, kind.many, kind.exclude)})


def _fields(row: Model, many: tuple[str, ...], exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    values = row_values(row, exclude=exclude)
    for name in many:
        values[name] = sorted(related.pk for related in getattr(row, name).all())
    return values


def _nested(row: Model) -> dict[str, Any]:
    return {"id": row.pk, "fields": row_values(row, exclude=NESTED)}


def _ticket_lines() -> Iterator[str]:
    tickets = (
        Ticket.objects.order_by("pk")
        .select_related("sla", "wait_promise")
        .prefetch_related("tags", "required_skills", "messages__attachments", "timeline", "ratings")
    )
    for ticket in tickets.iterator(chunk_size=CHUNK):
        messages = list(ticket.messages.all())
        yield _line(
            {
                "type": TICKET,
                "id": ticket.pk,
                "fields": _fields(ticket, ("tags", "required_skills")),
                "messages": [_nested(message) for message in messages],
                "attachments": [_nested(file) for message in messages for file in message.attachments.all()],
                "timeline": [_nested(event) for event in ticket.timeline.all()],
                "ratings": [_nested(rating) for rating in ticket.ratings.all()],
                "sla": _one(ticket, "sla"),
                "wait_promise": _one(ticket, "wait_promise"),
            }
        )


def _one(ticket: Ticket, relation: str) -> dict[str, Any] | None:
    """The ticket's SLA clocks or wait promise (read with it), if it has one."""
    row = getattr(ticket, relation, None)  # a missing one-to-one row raises an AttributeError
    return None if row is None else row_values(row, exclude=NESTED)
