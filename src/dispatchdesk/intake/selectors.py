"""Reads of what the channels keep beside the tickets."""

from dispatchdesk.intake.models import Alert, ChatSession, ChatState
from dispatchdesk.tickets.models import Channel, Ticket


def alerts_on_ticket(ticket: Ticket) -> list[Alert]:
    """The alerts a ticket stands for, most recently seen first (none unless it came from an alert
    source, so other tickets' pages cost no query). The caller has checked the ticket is visible."""
    if ticket.channel != Channel.ALERT:
        return []
    return list(Alert.objects.filter(ticket=ticket).select_related("source"))


def chat_is_live(ticket_id: int) -> bool:
    """Whether a visitor is chatting on the ticket now: replies reach them in the chat, not by email."""
    return ChatSession.objects.filter(ticket_id=ticket_id, state=ChatState.OPEN).exists()


def chat_session_of(ticket: Ticket) -> ChatSession | None:
    """The chat a ticket came from (no query for tickets from other channels)."""
    if ticket.channel != Channel.CHAT:
        return None
    return ChatSession.objects.filter(ticket=ticket).select_related("widget").first()
