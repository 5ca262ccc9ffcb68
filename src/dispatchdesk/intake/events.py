"""What the front door announces to the layers above it (common.events)."""

from __future__ import annotations

from dataclasses import dataclass

from dispatchdesk.common.events import Event
from dispatchdesk.tickets.models import Ticket


@dataclass(frozen=True, slots=True)
class TicketSubmitted(Event):
    """A new ticket was recorded, routed and dispatched (published after it committed); `ticket` as read
    after dispatch, so that listeners need not read it again."""

    ticket: Ticket

    @property
    def ticket_id(self) -> int:
        return self.ticket.pk


@dataclass(frozen=True, slots=True)
class ChatFellBack(Event):
    """A chat's visitor got no answer in time, or left unanswered: we answer by email now
    (published inside the transaction that marks the session, for its email to commit with it)."""

    ticket_id: int
    session_id: int
