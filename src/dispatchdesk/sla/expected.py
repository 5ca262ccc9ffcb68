"""The expected wait to a ticket's first response, read from the live queue (S5; the method is sla.wait's)."""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q

from dispatchdesk.accounts.models import AgentProfile, Presence
from dispatchdesk.common import clock
from dispatchdesk.sla.wait import Estimate, QueueSnapshot, estimate_wait
from dispatchdesk.tickets.models import Status, Ticket

RECENT = timedelta(hours=4)  # the window the handling rate and the usual pickup time are read from


def expected_wait(ticket: Ticket) -> Estimate | None:
    """How long until the first response, from the live queue (sla.wait explains the method).

    None when nothing is awaited (answered, resolved) or the ticket waits for a dispatcher's
    routing rather than in a group's queue.
    """
    if ticket.first_response_at is not None or not ticket.is_open or ticket.group_id is None:
        return None
    now = clock.now()
    members = list(
        AgentProfile.objects.filter(groups=ticket.group_id, user__is_active=True)
        .select_related("region")
        .prefetch_related("shifts")
    )
    working = [m for m in members if m.presence == Presence.ONLINE and m.is_on_shift(now)]
    answered = Ticket.objects.filter(group_id=ticket.group_id, first_response_at__gte=now - RECENT)
    pickups = [(f - c).total_seconds() for c, f in answered.values_list("created_at", "first_response_at") if f]
    snapshot = QueueSnapshot(
        ahead=0 if ticket.assignee_id else _ahead_of(ticket),
        # An assigned ticket waits only for its agent to pick it up: a free place of its own.
        free_slots=sum(max(0, m.capacity - m.load) for m in working) + (1 if ticket.assignee_id else 0),
        agents_on_shift=len(working),
        recent_first_responses=len(pickups),
        recent_more_urgent=Ticket.objects.filter(
            group_id=ticket.group_id, created_at__gte=now - RECENT, priority__lt=ticket.priority
        ).count(),
        recent_median_pickup_s=statistics.median(pickups) if pickups else None,
        window_s=RECENT.total_seconds(),
        next_shift_in_s=None if working else _next_shift_in(members, now),
    )
    return estimate_wait(snapshot)


def _ahead_of(ticket: Ticket) -> int:
    """Queued tickets of the group that the queue serves first: more urgent, or as urgent and older."""
    sooner = Q(priority__lt=ticket.priority) | Q(priority=ticket.priority, created_at__lt=ticket.created_at)
    queued = Ticket.objects.filter(group_id=ticket.group_id, status=Status.NEW, assignee__isnull=True)
    return queued.filter(sooner).exclude(pk=ticket.pk).count()


def _next_shift_in(members: list[AgentProfile], now: datetime) -> float | None:
    """Seconds until the next shift of any member starts (within a week), for a queue nobody works now."""
    starts: list[datetime] = []
    for member in members:
        zone = ZoneInfo(member.region.time_zone if member.region else "UTC")
        local = now.astimezone(zone)
        for shift in member.shifts.all():
            days = (shift.weekday - local.weekday()) % 7
            start = datetime.combine(local.date() + timedelta(days=days), shift.starts, tzinfo=zone)
            starts.append(start if start > local else start + timedelta(days=7))
    return min((start - now).total_seconds() for start in starts) if starts else None
