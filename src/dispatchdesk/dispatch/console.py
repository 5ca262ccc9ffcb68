"""Reads for the dispatcher console (P6): review queue, group queues, agent board."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, OuterRef, Subquery

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


@dataclass(frozen=True)
class GroupQueue:
    group: SkillGroup
    waiting: int
    oldest: datetime | None


def group_queues() -> list[GroupQueue]:
    """Each group with its waiting (New) tickets: counted from the queue's index, whose New range holds
    only what waits, not by joining every ticket of the desk's history to its group."""
    waiting = {
        row["group_id"]: row
        for row in Ticket.objects.filter(status=Status.NEW)
        .order_by()
        .values("group_id")
        .annotate(waiting=Count("pk"), oldest=Min("created_at"))
    }
    return [
        GroupQueue(group, waiting.get(group.pk, {}).get("waiting", 0), waiting.get(group.pk, {}).get("oldest"))
        for group in SkillGroup.objects.select_related("lead").order_by("name")
    ]


@dataclass(frozen=True)
class BoardRow:
    profile: AgentProfile
    tickets: list[Ticket]  # in hand: all owned tickets but those waiting on the customer
    availability: Availability  # the same as dispatch uses (accounts.models.availability_of)
    awaiting_customer: int = 0

    @property
    def load_percent(self) -> int:
        return round(100 * self.profile.load / self.profile.capacity)


# Owned tickets listed by number on the board; those waiting on the customer pile up with history
# (every one ever left unanswered), so the board counts them instead.
IN_HAND = tuple(status for status in OWNED_STATUSES if status != Status.AWAITING_CUSTOMER)


def agent_board() -> list[BoardRow]:
    """Every agent with their tickets in hand, those who take work first (on shift, then overtime)."""
    now = clock.now()
    profiles = (
        AgentProfile.objects.filter(user__is_active=True)
        .select_related("user", "region")
        .prefetch_related("groups", "shifts")
    )
    owned = Ticket.objects.filter(status__in=IN_HAND).only("pk", "number", "status", "priority", "assignee_id")
    by_agent: dict[int, list[Ticket]] = defaultdict(list)
    for ticket in owned.order_by("priority", "created_at"):
        if ticket.assignee_id is not None:
            by_agent[ticket.assignee_id].append(ticket)
    awaiting = dict(
        Ticket.objects.filter(status=Status.AWAITING_CUSTOMER, assignee__isnull=False)
        .order_by()
        .values_list("assignee_id")
        .annotate(Count("pk"))
    )
    rows = [BoardRow(p, by_agent[p.user_id], p.availability(now), awaiting.get(p.user_id, 0)) for p in profiles]
    order = list(Availability)
    return sorted(rows, key=lambda r: (order.index(r.availability), -r.profile.load, str(r.profile.user)))


def oldest_wait(oldest: datetime | None, now: datetime) -> float | None:
    """Seconds the oldest queued ticket has waited."""
    return None if oldest is None else (now - oldest).total_seconds()
