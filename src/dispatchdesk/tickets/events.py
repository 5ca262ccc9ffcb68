"""What the ticket record announces to the layers above it (common.events)."""

from __future__ import annotations

from dataclasses import dataclass

from dispatchdesk.accounts.models import User
from dispatchdesk.common.events import Event
from dispatchdesk.tickets.models import Message, Rating, Ticket, TimelineEvent


@dataclass(frozen=True, slots=True)
class TimelineRecorded(Event):
    """A timeline event was written, inside the service's transaction, the ticket row locked."""

    event: TimelineEvent


@dataclass(frozen=True, slots=True)
class TicketAssigned(Event):
    """An agent was given the ticket; `actor` None is the dispatch engine, the agent themselves a claim."""

    ticket: Ticket
    agent: User
    actor: User | None


@dataclass(frozen=True, slots=True)
class SlotFreed(Event):
    """An agent's load went down by one: they can take more work."""

    agent_id: int


@dataclass(frozen=True, slots=True)
class TicketReplied(Event):
    """A public reply was written: by the customer (`reopened`: it reopened resolved work) or by staff."""

    ticket: Ticket
    message: Message
    by_customer: bool
    reopened: bool = False


@dataclass(frozen=True, slots=True)
class StatusChanged(Event):
    """The ticket moved from one status to another (tickets.workflow)."""

    ticket: Ticket
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class TicketRated(Event):
    """The customer rated a resolution (P2); webhooks hear of it through the timeline (ticket.rated)."""

    ticket: Ticket
    rating: Rating
