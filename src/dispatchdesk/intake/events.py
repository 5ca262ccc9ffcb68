"""What the front door announces to the layers above it (common.events)."""

from __future__ import annotations

from dataclasses import dataclass

from dispatchdesk.common.events import Event


@dataclass(frozen=True, slots=True)
class TicketSubmitted(Event):
    """A new ticket was recorded, routed and dispatched (published after it committed)."""

    ticket_id: int
