"""What the ticket record announces to the layers above it (common.events)."""

from __future__ import annotations

from dataclasses import dataclass

from dispatchdesk.accounts.models import User
from dispatchdesk.common.events import Event
from dispatchdesk.tickets.models import Ticket, TimelineEvent


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
