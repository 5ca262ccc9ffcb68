"""Queue order (D7): priority, then SLA deadline, with aging so that nothing starves."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from dispatchdesk.dispatch.engine.eligibility import is_eligible
from dispatchdesk.dispatch.engine.policy import Policy
from dispatchdesk.dispatch.engine.types import AgentState, TicketFacts

FAR_FUTURE = 1e18


def urgency_key(ticket: TicketFacts, policy: Policy, now: datetime) -> tuple[float, float, float, str]:
    """Smaller is more urgent: aged priority, then deadline, then arrival, then id.

    A P4 ticket gains `aging_per_hour` priority levels for every hour it waits, so after
    (4 - 1) / aging_per_hour hours it competes with fresh P1 work.
    """
    waited_hours = max((now - ticket.created_at).total_seconds(), 0.0) / 3600
    aged_priority = ticket.priority - policy.aging_per_hour * waited_hours
    deadline = ticket.sla_due.timestamp() if ticket.sla_due is not None else FAR_FUTURE
    return (aged_priority, deadline, ticket.created_at.timestamp(), str(ticket.id))


def order_queue(tickets: Iterable[TicketFacts], policy: Policy, now: datetime) -> list[TicketFacts]:
    return sorted(tickets, key=lambda ticket: urgency_key(ticket, policy, now))


def pick_next(agent: AgentState, queue: Iterable[TicketFacts], policy: Policy, now: datetime) -> TicketFacts | None:
    """The most urgent waiting ticket this agent may take ("next ticket" and pull on free capacity)."""
    eligible = [ticket for ticket in queue if is_eligible(ticket, agent)]
    if not eligible:
        return None
    return min(eligible, key=lambda ticket: urgency_key(ticket, policy, now))
