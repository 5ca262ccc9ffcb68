"""The front door's two ways in: a live request (`ticket_submit`) and a ticket from the past (`ticket_import`)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.core.files.base import File
from django.db import transaction

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from dispatchdesk.common.events import publish
from dispatchdesk.customers.models import Contact
from dispatchdesk.dispatch.expected import wait_promise_record
from dispatchdesk.dispatch.services import dispatch_ticket, ticket_route
from dispatchdesk.intake.events import TicketSubmitted
from dispatchdesk.tickets.models import Channel, Priority, Ticket
from dispatchdesk.tickets.permissions import FOLLOW_UP_CODES, may_reply
from dispatchdesk.tickets.services.conversation import ticket_reply
from dispatchdesk.tickets.services.create import ticket_create
from dispatchdesk.tickets.services.fields import TicketFields
from dispatchdesk.tickets.services.history import PastTicket
from dispatchdesk.tickets.sla_state import with_sla_state

# What every caller shows next, read in one query with the ticket (SLA state included).
SHOWN = ("customer__organisation", "organisation", "assignee", "group", "category", "region", "sla__policy")
logger = logging.getLogger(__name__)


def ticket_submit(
    *,
    customer: Contact,
    subject: str,
    description: str,
    channel: Channel,
    actor: User | None = None,
    priority: int = Priority.NORMAL,
    fields: TicketFields | None = None,
    files: Sequence[File[Any]] = (),
    is_html: bool = False,
    follows: Ticket | None = None,
) -> Ticket:
    """Record, route, dispatch and confirm a new request: what every channel calls.

    `actor` is who typed it in (the customer, or an agent on the phone); None for a machine channel.
    Fields given here are manual: routing rules leave them alone. Dispatch runs in its own
    transaction after the ticket is committed, so a dispatch problem never loses a ticket; the
    expected wait is kept as the ticket's promise, and the confirmation (TicketSubmitted) goes out
    once dispatch has chosen who is responsible.
    """
    with transaction.atomic():
        ticket = ticket_create(
            customer=customer,
            subject=subject,
            description=description,
            channel=channel,
            priority=priority,
            actor=actor,
            fields=fields,
            files=files,
            is_html=is_html,
            follows=follows,
        )
        routing = ticket_route(ticket, manual=set(fields or ()))
    logger.info("ticket #%s submitted (%s)", ticket.number, channel, extra={"ticket": ticket.number})
    dispatch_ticket(ticket_id=ticket.pk, routing=routing)
    # One read after dispatch serves the estimate and the answer (neither the promise nor the
    # confirmation changes the ticket's row); its tags and skills come along for the API's answer.
    shown = with_sla_state(Ticket.objects.select_related(*SHOWN), now=clock.now())
    submitted = shown.prefetch_related("tags", "required_skills").get(pk=ticket.pk)
    wait_promise_record(ticket=submitted)  # what the confirmation says, and later calibrates others
    publish(TicketSubmitted(submitted))
    return submitted


def ticket_import(
    *,
    customer: Contact,
    subject: str,
    description: str,
    channel: Channel,
    actor: User | None = None,
    priority: int = Priority.NORMAL,
    fields: TicketFields | None = None,
    files: Sequence[File[Any]] = (),
    is_html: bool = False,
    past: PastTicket | None = None,
) -> Ticket:
    """A ticket from the past (the demo's history, a desk moved from another tool), recorded as it was:
    its fields are given, so it is not routed; it was handled back then, so it is neither dispatched
    nor confirmed today. Live requests always come through `ticket_submit`. With `past` (an exported
    desk, `dispatchdesk import`) the ticket keeps its number, moments, state and whole history."""
    with transaction.atomic():  # a refused ticket leaves nothing, even inside a caller's transaction
        return ticket_create(
            customer=customer,
            subject=subject,
            description=description,
            channel=channel,
            priority=priority,
            actor=actor,
            fields=fields,
            files=files,
            is_html=is_html,
            past=past,
        )


def customer_answer(
    *,
    ticket_id: int,
    author: User | Contact,
    body: str,
    channel: Channel,
    files: Sequence[File[Any]] = (),
    is_html: bool = False,
) -> Ticket:
    """A customer's answer on their ticket (portal or email): a reply, which reopens resolved work within
    the reopen window; after it, or on a closed ticket, a follow-up ticket linked to the old one. Returns
    the ticket the answer is on. Any other refusal (not their ticket) is raised, and nothing changes."""
    ticket = Ticket.objects.select_related("customer").get(pk=ticket_id)
    answer = may_reply(author, ticket)
    if answer or answer.code not in FOLLOW_UP_CODES:
        ticket_reply(ticket_id=ticket.pk, author=author, body=body, files=files, is_html=is_html, channel=channel)
        return ticket
    user = author if isinstance(author, User) else None
    return ticket_submit(
        customer=author if isinstance(author, Contact) else author.contact,
        subject=ticket.subject,
        description=body,
        channel=channel,
        actor=user,
        priority=ticket.priority,
        files=files,
        is_html=is_html,
        follows=ticket,
    )
