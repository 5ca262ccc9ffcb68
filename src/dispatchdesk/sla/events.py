"""What the SLA clocks announce to the layers above them (common.events)."""

from __future__ import annotations

from dataclasses import dataclass

from dispatchdesk.accounts.models import User
from dispatchdesk.common.events import Event
from dispatchdesk.tickets.models import Ticket


@dataclass(frozen=True, slots=True)
class SlaThresholdCrossed(Event):
    """A ticket's clock turned at risk or breached and its escalation rules ran on the locked ticket.

    `recipients` are the people the rules name. `to_next_tier` asks for escalation to L2;
    `requeued` says the rules took the ticket back to the queue, to be dispatched again.
    """

    ticket: Ticket
    trigger: str  # models.Trigger
    clock: str  # models.Clock
    recipients: tuple[User, ...]
    reason: str
    to_next_tier: bool = False
    requeued: bool = False
