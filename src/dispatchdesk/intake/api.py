"""The REST channel (I6): POST /api/tickets, added to the tickets router, through the front door."""

from ninja import Status

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.common.schemas import error_responses
from dispatchdesk.customers.selectors import contact_for_new_ticket
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.api import router as tickets_router
from dispatchdesk.tickets.models import Channel, Ticket
from dispatchdesk.tickets.schemas import TicketCreateIn, TicketOut, creation_fields

__all__ = ["create_ticket", "tickets_router"]  # config.api mounts the tickets router from here


@tickets_router.post("", response={201: TicketOut, **error_responses(403, body=True)})
def create_ticket(request: AuthedRequest, payload: TicketCreateIn) -> Status[Ticket]:
    """Open a ticket, routed and dispatched like one from any other channel (it may come back
    already assigned). Staff name the contact; a customer opens tickets for themselves only."""
    user = request.user
    ticket = ticket_submit(
        customer=contact_for_new_ticket(actor=user, contact_id=payload.customer_id, email=payload.customer_email),
        subject=payload.subject,
        description=payload.description,
        channel=Channel(payload.channel),
        actor=user,
        priority=payload.priority,
        fields=creation_fields(actor=user, payload=payload),
        is_html=payload.is_html,
    )
    return Status(201, ticket)
