"""Tickets over REST (I6): each operation finds the ticket through the visibility selector,
then calls one service. A ticket the caller may not see answers 404, exactly like a missing one.

Creating a ticket (POST /api/tickets) is the front door's: intake.api adds it to this router.
"""

from typing import Any

from django.db.models import QuerySet
from ninja import Query, Router, Status

from dispatchdesk.accounts.http import AuthedRequest
from dispatchdesk.common.schemas import Id, error_responses, page_of
from dispatchdesk.tickets.models import Channel, Message, Ticket, TimelineEvent
from dispatchdesk.tickets.schemas import (
    AssignIn,
    EventOut,
    MessageOut,
    TextIn,
    TicketOut,
    TicketPage,
    TicketPatch,
    TicketQuery,
    TransitionIn,
    service_fields,
    ticket_filters,
)
from dispatchdesk.tickets.selectors import (
    ticket_by_number_visible_to,
    ticket_messages,
    ticket_timeline,
    ticket_visible_to,
    tickets_filtered,
)
from dispatchdesk.tickets.services import (
    ticket_accept,
    ticket_add_note,
    ticket_assign,
    ticket_change_status,
    ticket_reply,
    ticket_update_fields,
)

router = Router(tags=["tickets"])


@router.get("", response={200: TicketPage, **error_responses()})
def list_tickets(request: AuthedRequest, query: Query[TicketQuery]) -> dict[str, Any]:
    """Tickets the caller may see, most urgent first, newest first within a priority."""
    tickets = tickets_filtered(user=request.user, filters=ticket_filters(query))
    # The selector prefetches tags; skills are shown here too, so fetch them in one query as well.
    # A search of a common word matches much of the desk: count it only as far as the cap.
    return page_of(tickets.prefetch_related("required_skills"), query, capped=bool(query.q))


@router.get("/by-number/{number}", response={200: TicketOut, **error_responses(404)})
def get_ticket_by_number(request: AuthedRequest, number: Id) -> Ticket:
    return ticket_by_number_visible_to(user=request.user, number=number)


@router.get("/{ticket_id}", response={200: TicketOut, **error_responses(404)})
def get_ticket(request: AuthedRequest, ticket_id: Id) -> Ticket:
    return ticket_visible_to(user=request.user, ticket_id=ticket_id)


@router.patch("/{ticket_id}", response={200: TicketOut, **error_responses(403, 404, body=True)})
def update_ticket(request: AuthedRequest, ticket_id: Id, payload: TicketPatch) -> Ticket:
    """Set fields by hand (staff only); routing rules will leave them alone from now on."""
    ticket = ticket_visible_to(user=request.user, ticket_id=ticket_id)
    changes = service_fields(payload.model_dump(exclude_unset=True))
    return ticket_update_fields(ticket_id=ticket.pk, actor=request.user, changes=changes)


@router.post("/{ticket_id}/transition", response={200: TicketOut, **error_responses(403, 404, 409, body=True)})
def transition_ticket(request: AuthedRequest, ticket_id: Id, payload: TransitionIn) -> Ticket:
    ticket = ticket_visible_to(user=request.user, ticket_id=ticket_id)
    return ticket_change_status(ticket_id=ticket.pk, to=payload.status, actor=request.user, reason=payload.reason)


@router.post("/{ticket_id}/assign", response={200: TicketOut, **error_responses(403, 404, 409, body=True)})
def assign_ticket(request: AuthedRequest, ticket_id: Id, payload: AssignIn) -> Ticket:
    """Hand the ticket to an agent, who then accepts it. Agents may take work themselves only."""
    ticket = ticket_visible_to(user=request.user, ticket_id=ticket_id)
    return ticket_assign(ticket_id=ticket.pk, agent_id=payload.agent_id, actor=request.user)


@router.post("/{ticket_id}/accept", response={200: TicketOut, **error_responses(403, 404, 409)})
def accept_ticket(request: AuthedRequest, ticket_id: Id) -> Ticket:
    """The assigned agent takes the work on: Pending acceptance → In progress."""
    ticket = ticket_visible_to(user=request.user, ticket_id=ticket_id)
    return ticket_accept(ticket_id=ticket.pk, actor=request.user)


@router.post("/{ticket_id}/replies", response={201: MessageOut, **error_responses(403, 404, 409, body=True)})
def reply_to_ticket(request: AuthedRequest, ticket_id: Id, payload: TextIn) -> Status[Message]:
    """A public reply, by support staff or by the ticket's own customer."""
    ticket = ticket_visible_to(user=request.user, ticket_id=ticket_id)
    reply = ticket_reply(
        ticket_id=ticket.pk, author=request.user, body=payload.body, is_html=payload.is_html, channel=Channel.API
    )
    return Status(201, reply)


@router.post("/{ticket_id}/notes", response={201: MessageOut, **error_responses(403, 404, body=True)})
def add_note(request: AuthedRequest, ticket_id: Id, payload: TextIn) -> Status[Message]:
    """An internal note: staff only, never shown to the customer."""
    ticket = ticket_visible_to(user=request.user, ticket_id=ticket_id)
    note = ticket_add_note(ticket_id=ticket.pk, author=request.user, body=payload.body, is_html=payload.is_html)
    return Status(201, note)


@router.get("/{ticket_id}/messages", response={200: list[MessageOut], **error_responses(404)})
def list_messages(request: AuthedRequest, ticket_id: Id) -> QuerySet[Message]:
    """The conversation, oldest first; customers never see internal notes."""
    ticket = ticket_visible_to(user=request.user, ticket_id=ticket_id)
    return ticket_messages(ticket=ticket, user=request.user)


@router.get("/{ticket_id}/timeline", response={200: list[EventOut], **error_responses(404)})
def list_timeline(request: AuthedRequest, ticket_id: Id) -> QuerySet[TimelineEvent]:
    """Everything that happened, oldest first; customers see the public events only."""
    ticket = ticket_visible_to(user=request.user, ticket_id=ticket_id)
    return ticket_timeline(ticket=ticket, public_only=not request.user.is_staff_member)
