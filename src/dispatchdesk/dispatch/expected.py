"""The expected wait to a ticket's first response, counted from the live queue (S5; the method is sla.wait's).

The agents who count are those dispatch could give the ticket: the ticket's group members who
pass the engine's hard rules (skills, language, tier, field) whatever their current load;
those of them available now (online, on shift) make the pace and the free slots, and the queue
ahead is the group's waiting tickets, served first, in a language they speak. Estimates are
calibrated on the promises kept by sla.promises; the one made at submission is kept too.
"""

from __future__ import annotations

import statistics
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q

from dispatchdesk.accounts.models import AgentProfile
from dispatchdesk.common import clock
from dispatchdesk.dispatch.engine.eligibility import refusal_rule
from dispatchdesk.dispatch.engine.types import AgentState
from dispatchdesk.dispatch.selectors import agent_roster, ticket_facts
from dispatchdesk.sla.promises import experience, promise_record, promised
from dispatchdesk.sla.wait import Estimate, QueueSnapshot, estimate_wait
from dispatchdesk.tickets.models import Status, Ticket

RECENT = timedelta(hours=4)  # the window the pace and the usual pickup time are read from


def expected_wait(ticket: Ticket) -> Estimate | None:
    """How long until the first response, from the live queue (sla.wait explains the method).

    None when nothing is awaited (answered, resolved) or the ticket waits for a dispatcher's
    routing rather than in a group's queue.
    """
    if ticket.first_response_at is not None or not ticket.is_open or ticket.group_id is None:
        return None
    now = clock.now()
    eligible = _eligible(ticket, now)
    working = [agent for agent in eligible if agent.available]
    languages = {language for agent in working for language in agent.languages} or {ticket.language}
    answered = Ticket.objects.filter(group_id=ticket.group_id, first_response_at__gte=now - RECENT)
    pickups = [(f - c).total_seconds() for c, f in answered.values_list("created_at", "first_response_at") if f]
    snapshot = QueueSnapshot(
        ahead=0 if ticket.assignee_id else _ahead_of(ticket, languages),
        # An assigned ticket waits only for its agent to pick it up: a free place of its own.
        free_slots=sum(max(0, a.free_slots) for a in working) + (1 if ticket.assignee_id else 0),
        agents_on_shift=len(working),
        recent_first_responses=Ticket.objects.filter(
            first_response_at__gte=now - RECENT, assignee_id__in=[a.id for a in working]
        ).count(),
        recent_more_urgent=Ticket.objects.filter(
            group_id=ticket.group_id, created_at__gte=now - RECENT, priority__lt=ticket.priority
        ).count(),
        recent_median_pickup_s=statistics.median(pickups) if pickups else None,
        window_s=RECENT.total_seconds(),
        next_shift_in_s=None if working else _next_shift_in([a.id for a in eligible], now),
    )
    return estimate_wait(snapshot, experience(now))


def wait_promise_record(*, ticket: Ticket) -> Estimate | None:
    """Estimate a just-submitted ticket's wait and keep it as the promise its confirmation repeats.

    `ticket` as read after dispatch, with its customer, group, region and SLA clocks selected (the
    caller's one read serves the estimate and its own answer)."""
    estimate = expected_wait(ticket)
    if estimate is not None:
        promise_record(ticket=ticket, estimate=estimate, now=clock.now())
    return estimate


def promised_wait(ticket: Ticket) -> tuple[Estimate, datetime] | None:
    """What the customer was told at submission and when; else the live estimate as of now."""
    kept = promised(ticket)
    if kept is not None:
        return kept
    estimate = expected_wait(ticket)
    return None if estimate is None else (estimate, clock.now())


def _eligible(ticket: Ticket, now: datetime) -> list[AgentState]:
    """The group's agents the engine's hard rules allow for this ticket, busy or not, on shift or not."""
    facts = ticket_facts(ticket)
    return [
        agent
        for agent in agent_roster(now=now, group=facts.group).states  # the group's members only
        if refusal_rule(facts, replace(agent, available=True, load=0)) is None
    ]


def _ahead_of(ticket: Ticket, languages: set[str]) -> int:
    """Queued tickets of the group, in a language the agents at work speak, that the queue serves first."""
    sooner = Q(priority__lt=ticket.priority) | Q(priority=ticket.priority, created_at__lt=ticket.created_at)
    queued = Ticket.objects.filter(
        group_id=ticket.group_id, status=Status.NEW, assignee__isnull=True, language__in=languages
    )
    return queued.filter(sooner).exclude(pk=ticket.pk).count()


def _next_shift_in(user_ids: list[int | str], now: datetime) -> float | None:
    """Seconds until the next shift of any of these agents starts (within a week)."""
    starts: list[datetime] = []
    members = AgentProfile.objects.filter(user_id__in=user_ids).select_related("region").prefetch_related("shifts")
    for member in members:
        zone = ZoneInfo(member.region.time_zone if member.region else "UTC")
        local = now.astimezone(zone)
        for shift in member.shifts.all():
            days = (shift.weekday - local.weekday()) % 7
            start = datetime.combine(local.date() + timedelta(days=days), shift.starts, tzinfo=zone)
            starts.append(start if start > local else start + timedelta(days=7))
    return min((start - now).total_seconds() for start in starts) if starts else None
