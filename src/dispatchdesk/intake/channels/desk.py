"""The agents' quick create (I5, first part): a request taken on the phone or by email, typed in
by an agent for a known customer (found by email, or by phone number when no email is given) or a
new one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.base import File
from django.db import transaction

from dispatchdesk.accounts.models import User
from dispatchdesk.customers.services import contact_for_request
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Channel, Priority, Ticket
from dispatchdesk.tickets.services.fields import TicketFields

DESK_CHANNELS = (Channel.PHONE, Channel.EMAIL)


def desk_submit(
    *,
    actor: User,
    customer_email: str,
    customer_name: str,
    channel: Channel,
    customer_phone: str = "",
    subject: str,
    description: str,
    priority: int = Priority.NORMAL,
    fields: TicketFields | None = None,
    files: Sequence[File[Any]] = (),
) -> Ticket:
    """Find or add the customer, then submit the request on their behalf, in one transaction: a
    refused request leaves no new contact behind. The agent's fields are manual, as any typed by hand."""
    with transaction.atomic():
        customer = contact_for_request(actor=actor, email=customer_email, name=customer_name, phone=customer_phone)
        return ticket_submit(
            customer=customer,
            subject=subject,
            description=description,
            channel=channel,
            actor=actor,
            priority=priority,
            fields=fields,
            files=files,
        )
