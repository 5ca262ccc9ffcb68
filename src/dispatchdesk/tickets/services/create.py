"""The ticket record: number, text, customer, fields, first message and timeline event.

Private to the front door (intake.services): nothing else may import this module (import-linter's
"protected" contract), so every ticket is routed, dispatched and confirmed the same way.
"""

import secrets
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import connection

from dispatchdesk.accounts.models import User
from dispatchdesk.common.rows import row_build
from dispatchdesk.customers.models import Contact
from dispatchdesk.tickets.models import EventKind, MessageKind, NumberSequence, Priority, Ticket
from dispatchdesk.tickets.services.conversation import message_store
from dispatchdesk.tickets.services.fields import TicketFields, set_relations, validated_scalars
from dispatchdesk.tickets.services.history import PastTicket, history_restore
from dispatchdesk.tickets.services.timeline import timeline_record
from dispatchdesk.tickets.services.validation import check_attachments, clean_body, clean_subject


def ticket_create(
    *,
    customer: Contact,
    subject: str,
    description: str,
    channel: str,
    priority: int = Priority.NORMAL,
    actor: User | None = None,
    fields: TicketFields | None = None,
    files: Sequence[File[Any]] = (),
    is_html: bool = False,
    follows: Ticket | None = None,
    past: PastTicket | None = None,
) -> Ticket:
    """Record a ticket for `customer`, in the caller's transaction (the front door's own, or its savepoint
    for an import: no savepoint of its own inside `ticket_submit`'s, a round trip each way less); the
    description becomes the first public message. A follow-up
    (`follows`: the resolved ticket the customer wrote on too late to reopen it) is linked both ways.
    A `past` ticket (an exported desk coming back) keeps its key, number, state and history instead."""
    if past is not None:
        return _ticket_restore(customer=customer, subject=subject, description=description, past=past)
    # The customer's language is the default; a language given in `fields` overrides it.
    initial = {"priority": priority, "language": customer.language or "en", **(fields or {})}
    scalars = validated_scalars(initial)
    body = clean_body(description, is_html=is_html)
    check_attachments(files)
    ticket = Ticket.objects.create(
        number=next_ticket_number(),
        access_key=secrets.token_urlsafe(32),
        subject=clean_subject(subject),
        description=body,
        customer=customer,
        organisation=customer.organisation,
        channel=channel,
        follow_up_of=follows,
        **scalars,
    )
    set_relations(ticket, initial, new=True)
    timeline_record(
        ticket=ticket,
        kind=EventKind.CREATED,
        actor=actor,
        public=True,
        data={"channel": channel},
        actor_label=str(actor) if actor else customer.name,
    )
    if follows is not None:
        _link_follow_up(ticket, follows, actor=actor, label=customer.name)
    on_behalf = actor is not None and actor.is_staff_member
    message_store(
        ticket=ticket,
        kind=MessageKind.REPLY,
        body_html=body,
        author=None if on_behalf else actor,
        author_contact=customer,
        channel=channel,
        files=files,
    )
    return ticket


def _ticket_restore(*, customer: Contact, subject: str, description: str, past: PastTicket) -> Ticket:
    values = {
        **past.values,
        "subject": clean_subject(subject),
        "description": clean_body(description, is_html=True, required=False),
        "customer_id": customer.pk,
    }
    ticket = row_build(Ticket, values, pk=past.pk)
    ticket.save(force_insert=True)
    history_restore(ticket=ticket, past=past)
    return ticket


def _link_follow_up(ticket: Ticket, previous: Ticket, *, actor: User | None, label: str) -> None:
    """Each ticket's timeline names the other, for the customer and for the agents."""
    for on, other, direction in ((ticket, previous, "follows"), (previous, ticket, "followed_by")):
        data = {"number": other.number, "ticket_id": other.pk, "direction": direction}
        timeline_record(ticket=on, kind=EventKind.FOLLOW_UP, actor=actor, public=True, data=data, actor_label=label)


def next_ticket_number() -> int:
    """The next human number from a counter row, locked until commit: unique and gap-free (0003)."""
    number = _take_number()
    if number is None:  # the row is gone (its migration made it): made again, once however many race
        first = settings.DISPATCHDESK_FIRST_TICKET_NUMBER
        NumberSequence.objects.bulk_create([NumberSequence(name="ticket", next_value=first)], ignore_conflicts=True)
        number = _take_number()
    assert number is not None  # noqa: S101 - the row exists now
    return number


def _take_number() -> int | None:
    # One UPDATE ... RETURNING (PostgreSQL, SQLite 3.35+), which the ORM cannot write: it saves a
    # locking SELECT on every new ticket.
    table = connection.ops.quote_name(NumberSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET next_value = next_value + 1 WHERE name = %s RETURNING next_value - 1",  # noqa: S608
            ["ticket"],
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])
