"""Ticket services: the only code that writes tickets, their timeline and conversation.

A new ticket is recorded by `create.ticket_create`, which only the front door (intake) may call.
"""

from dispatchdesk.tickets.services.assign import ticket_accept, ticket_assign
from dispatchdesk.tickets.services.conversation import ticket_add_note, ticket_reply
from dispatchdesk.tickets.services.fields import ticket_update_fields
from dispatchdesk.tickets.services.merge import ticket_merge
from dispatchdesk.tickets.services.rating import ticket_rate
from dispatchdesk.tickets.services.status import ticket_change_status

__all__ = [
    "ticket_accept",
    "ticket_add_note",
    "ticket_assign",
    "ticket_change_status",
    "ticket_merge",
    "ticket_rate",
    "ticket_reply",
    "ticket_update_fields",
]
