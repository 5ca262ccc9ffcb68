"""A ticket's past, written as it was: what `intake.services.ticket_import(past=…)` records.

An exported desk comes back with its own keys, numbers, moments and history. Nothing here is
news, so no event is published: no SLA clock moves, nobody is notified, no webhook fires; the
clocks come with the ticket, and the report figures are rebuilt by whoever imports.
"""

from dataclasses import dataclass, field
from typing import Any

from dispatchdesk.tickets.models import Attachment, Message, Rating, Ticket, TimelineEvent
from dispatchdesk.tickets.services.validation import clean_body


@dataclass(frozen=True)
class PastTicket:
    """A ticket as a desk recorded it: its columns (`common.rows.row_values`) and its history as
    unsaved rows, each with its own primary key."""

    pk: int
    values: dict[str, Any]
    tags: list[int] = field(default_factory=list)
    required_skills: list[int] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)


def history_restore(*, ticket: Ticket, past: PastTicket) -> None:
    """The ticket's relations, conversation, timeline and ratings, bodies sanitised again (a file
    can be edited by hand: it gets no more trust than a form)."""
    ticket.tags.add(*past.tags)
    ticket.required_skills.add(*past.required_skills)
    for message in past.messages:
        message.ticket_id = ticket.pk
        message.body = clean_body(message.body, is_html=True, required=False)
    Message.objects.bulk_create(past.messages)
    Attachment.objects.bulk_create(past.attachments)
    for event in past.timeline:
        event.ticket_id = ticket.pk
    TimelineEvent.objects.bulk_create(past.timeline)
    for rating in past.ratings:
        rating.ticket_id = ticket.pk
    Rating.objects.bulk_create(past.ratings)
