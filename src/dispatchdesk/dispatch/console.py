"""Reads for the dispatcher console (P6): review queue, group queues, agent board."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery

from dispatchdesk.accounts.models import AgentProfile, Availability, SkillGroup
from dispatchdesk.common import clock
from dispatchdesk.dispatch.models import DispatchDecision, Outcome
from dispatchdesk.tickets.models import OWNED_STATUSES, Status, Ticket
from dispatchdesk.tickets.sla_state import with_sla_state


@dataclass(frozen=True)
class ReviewItem:
    ticket: Ticket
    proposal: DispatchDecision


def review_queue(*, limit: int = 50) -> list[ReviewItem]:
    """Queued tickets whose latest decision is a proposal waiting for a dispatcher, most urgent first."""
    latest = DispatchDecision.objects.filter(ticket=OuterRef("pk")).order_by("-created_at", "-id")
    queued = with_sla_state(Ticket.objects.filter(status=Status.NEW), now=clock.now())  # the SLA badge
    tickets = (
        queued.annotate(
            latest_id=Subquery(latest.values("pk")[:1]), latest_outcome=Subquery(latest.values("outcome")[:1])
        )
        .filter(latest_outcome=Outcome.PROPOSED)
        .select_related("group", "customer", "sla")
        .order_by("priority", "created_at")[:limit]
    )
    rows = list(tickets)
    proposals = DispatchDecision.objects.in_bulk([t.latest_id for t in rows])
    return [ReviewItem(t, proposals[t.latest_id]) for t in rows]


def group_queues() -> QuerySet[SkillGroup]:
    waiting = Q(tickets__status=Status.NEW)
    return SkillGroup.objects.select_related("lead").annotate(
        waiting=Count("tickets", filter=waiting), oldest=Min("tickets__created_at", filter=waiting)
    )


@dataclass(frozen=True)
class BoardRow:
    profile: AgentProfile
    tickets: list[Ticket]
    availability: Availability  # the same as dispatch uses (accounts.models.availability_of)

    @property
    def load_percent(self) -> int:
        return round(100 * self.profile.load / self.profile.capacity)


def agent_board() -> list[BoardRow]:
    """Every agent with their tickets in hand, those who take work first (on shift, then overtime)."""
    now = clock.now()
    profiles = (
        AgentProfile.objects.filter(user__is_active=True)
        .select_related("user", "region")
        .prefetch_related("groups", "shifts")
    )
    owned = Ticket.objects.filter(status__in=OWNED_STATUSES).only("pk", "number", "status", "priority", "assignee_id")
    by_agent: dict[int, list[Ticket]] = defaultdict(list)
    for ticket in owned.order_by("priority", "created_at"):
        if ticket.assignee_id is not None:
            by_agent[ticket.assignee_id].append(ticket)
    rows = [BoardRow(p, by_agent[p.user_id], p.availability(now)) for p in profiles]
    order = list(Availability)
    return sorted(rows, key=lambda r: (order.index(r.availability), -r.profile.load, str(r.profile.user)))


def oldest_wait(oldest: datetime | None, now: datetime) -> float | None:
    """Seconds the oldest queued ticket has waited."""
    return None if oldest is None else (now - oldest).total_seconds()
