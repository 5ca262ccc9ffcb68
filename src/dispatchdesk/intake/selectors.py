"""Reads of what the channels keep beside the tickets."""

from dataclasses import dataclass

from django.db.models import QuerySet

from dispatchdesk.accounts.models import User
from dispatchdesk.accounts.permissions import may_use_desk
from dispatchdesk.customers.models import Contact
from dispatchdesk.customers.selectors import contacts_with_phone
from dispatchdesk.intake.models import Alert, Call, ChatSession, ChatState
from dispatchdesk.tickets.models import OPEN_STATUSES, Channel, Ticket
from dispatchdesk.tickets.selectors import tickets_visible_to

SHOWN_TICKETS = 5  # a caller's open tickets listed by name; the rest are counted


def alerts_on_ticket(ticket: Ticket) -> list[Alert]:
    """The alerts a ticket stands for, most recently seen first (none unless it came from an alert
    source, so other tickets' pages cost no query). The caller has checked the ticket is visible."""
    if ticket.channel != Channel.ALERT:
        return []
    return list(Alert.objects.filter(ticket=ticket).select_related("source"))


def open_tickets_of_caller(number: str, tickets: QuerySet[Ticket] | None = None) -> QuerySet[Ticket]:
    """The open tickets (of `tickets`, else all) of every contact with the E.164 `number`, most recent first."""
    base = Ticket.objects.all() if tickets is None else tickets
    contacts = contacts_with_phone(number)
    return base.filter(customer__in=contacts, status__in=OPEN_STATUSES).order_by("-created_at", "-pk")


@dataclass(frozen=True)
class CallerCard:
    """Who calls from a number, and their open tickets as the person asking may see them."""

    number: str  # E.164; blank for a withheld number
    contact: Contact | None
    tickets: list[Ticket]  # the most recent few
    open_count: int


def caller_card(*, user: User, number: str) -> CallerCard:
    may_use_desk(user).require()
    if not number:
        return CallerCard(number, None, [], 0)
    tickets = open_tickets_of_caller(number, tickets_visible_to(user))
    shown = list(tickets[:SHOWN_TICKETS])
    count = len(shown) if len(shown) < SHOWN_TICKETS else tickets.count()
    return CallerCard(number, contacts_with_phone(number).first(), shown, count)


def call_card(*, user: User, call_id: int) -> tuple[Call, CallerCard]:
    """A call (DoesNotExist: 404) and its caller, for the toast on the agent's pages."""
    call = Call.objects.select_related("agent").get(pk=call_id)
    return call, caller_card(user=user, number=call.number)


def chat_is_live(ticket_id: int) -> bool:
    """Whether a visitor is chatting on the ticket now: replies reach them in the chat, not by email."""
    return ChatSession.objects.filter(ticket_id=ticket_id, state=ChatState.OPEN).exists()


def chat_session_of(ticket: Ticket) -> ChatSession | None:
    """The chat a ticket came from (no query for tickets from other channels)."""
    if ticket.channel != Channel.CHAT:
        return None
    return ChatSession.objects.filter(ticket=ticket).select_related("widget").first()
