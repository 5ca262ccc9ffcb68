"""Each ticket's SLA clocks: started on creation, moved by replies and status changes, recomputed in one place.

`sla_observe` hears of every timeline event (tickets.events.TimelineRecorded, subscribed in
sla.apps), inside the service's transaction, with the ticket row already locked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction

from dispatchdesk.sla import calendar as business
from dispatchdesk.sla.config import service_levels
from dispatchdesk.sla.models import Clock, Policy, TicketSla
from dispatchdesk.sla.tasks import schedule_check
from dispatchdesk.tickets.events import TimelineRecorded
from dispatchdesk.tickets.models import EventKind, Status, Ticket, TimelineEvent

ALWAYS_PAUSED = (Status.RESOLVED, Status.CLOSED)  # nothing is pending once resolved; a reopen resumes


def sla_observe(recorded: TimelineRecorded) -> None:
    """Move the ticket's clocks for one timeline event (the only entry point)."""
    event = recorded.event
    if event.kind == EventKind.CREATED:
        _start(event.ticket)
        return
    if not _may_move_clocks(event):
        return
    sla = TicketSla.objects.filter(ticket=event.ticket).first()
    if sla is None:
        return
    sla.ticket = event.ticket  # the ticket object holds its newest clocks: the reports read them from it
    if event.kind == EventKind.REPLY:
        moved = _on_reply(sla, event)
    elif event.kind == EventKind.STATUS:
        moved = _on_status(sla, event.data.get("to", ""), event.created_at)
    else:
        sla.policy, moved = policy_for(event.ticket), True
    if moved:
        sla_recompute(sla, event.ticket)


def _may_move_clocks(event: TimelineEvent) -> bool:
    """Spares the read for the many events that cannot move a clock (assignments, notes, plain moves)."""
    if event.kind == EventKind.STATUS:
        pausing = {*ALWAYS_PAUSED, *service_levels().pause_statuses}
        return bool({event.data.get("from"), event.data.get("to")} & pausing)
    return event.kind in (EventKind.REPLY, EventKind.PRIORITY, EventKind.FIELDS)


def _start(ticket: Ticket) -> None:
    sla = TicketSla(ticket=ticket, policy=policy_for(ticket))
    sla_recompute(sla, ticket, new=True)


def _on_reply(sla: TicketSla, event: TimelineEvent) -> bool:
    """An agent's public reply answers the customer; the customer's starts the next-response clock."""
    before = (sla.first_responded_at, sla.awaiting_reply_since)
    by_customer = event.message is not None and event.message.author_contact_id is not None
    if not by_customer:
        sla.first_responded_at = sla.first_responded_at or event.created_at
        sla.awaiting_reply_since = None
    elif sla.first_responded_at is not None and sla.awaiting_reply_since is None:
        sla.awaiting_reply_since = event.created_at
    return (sla.first_responded_at, sla.awaiting_reply_since) != before


def _on_status(sla: TicketSla, to: str, moment: datetime) -> bool:
    pausing = to in _pause_statuses(sla.policy_id)
    if pausing and sla.paused_since is None:
        sla.paused_since = moment
        return True
    if not pausing and sla.paused_since is not None:
        sla.pauses = [*sla.pauses, [sla.paused_since.isoformat(), moment.isoformat()]]
        sla.paused_since = None
        return True
    return False


def _pause_statuses(policy_id: int | None) -> set[str]:
    view = service_levels().policies.get(policy_id) if policy_id else None
    return {*ALWAYS_PAUSED, *(view.policy.pause_statuses if view else ())}


def policy_for(ticket: Ticket) -> Policy | None:
    """The policy that applies to the ticket now (config.ServiceLevels.policy_for)."""
    tier = ticket.customer.effective_tier if ticket.customer_id else ""
    view = service_levels().policy_for(category_id=ticket.category_id, customer_tier=tier)
    return view.policy if view else None


@dataclass(frozen=True, slots=True)
class Deadline:
    clock: Clock
    started: datetime
    due: datetime
    warn: datetime


def sla_recompute(sla: TicketSla, ticket: Ticket, *, new: bool = False) -> None:
    """Store each pending deadline and the earliest of them; schedule the timers that changed."""
    before = sla.check_at
    deadlines = [] if sla.paused_since is not None else list(_deadlines(sla, ticket))
    due = {d.clock: d.due for d in deadlines}
    sla.first_response_due = due.get(Clock.FIRST_RESPONSE)
    sla.next_response_due = due.get(Clock.NEXT_RESPONSE)
    sla.resolution_due = due.get(Clock.RESOLUTION)
    earliest = min(deadlines, key=lambda d: d.due, default=None)
    sla.due_clock = earliest.clock if earliest else ""
    sla.due_started_at = earliest.started if earliest else None
    sla.due_at = earliest.due if earliest else None
    sla.warn_at = min((d.warn for d in deadlines), default=None)
    sla.check_at = sla.next_check()
    sla.save(force_insert=new)  # a new row: INSERT at once, not an UPDATE that finds nothing first
    _copy_to_ticket(sla, ticket)
    if sla.check_at is not None and sla.check_at != before:
        moment = sla.check_at
        transaction.on_commit(lambda: schedule_check(sla.pk, moment))


def _copy_to_ticket(sla: TicketSla, ticket: Ticket) -> None:
    """The ticket's copy of the next deadline, warning and pause (tickets.sla_state reads it), written
    only when it changed; the caller's ticket object gets it too, so nothing saves an older copy."""
    copy = {"sla_due_at": sla.due_at, "sla_warn_at": sla.warn_at, "sla_paused": sla.paused_since is not None}
    if all(getattr(ticket, field) == value for field, value in copy.items()):
        return
    Ticket.objects.filter(pk=ticket.pk).update(**copy)
    for field, value in copy.items():
        setattr(ticket, field, value)


def _deadlines(sla: TicketSla, ticket: Ticket) -> Iterable[Deadline]:
    view = service_levels().policies.get(sla.policy_id) if sla.policy_id else None
    target = view.targets.get(ticket.priority) if view else None
    if view is None or target is None:
        return
    cal = view.calendar
    pauses = [(_parse(start), _parse(end)) for start, end in sla.pauses]
    share = view.policy.warning_percent / 100

    def deadline(kind: Clock, start: datetime, minutes: int) -> Deadline:
        seconds = minutes * 60.0
        warn = business.add_business_seconds(cal, start, seconds * share, pauses)
        return Deadline(kind, start, business.add_business_seconds(cal, start, seconds, pauses), warn)

    if sla.first_responded_at is None:
        yield deadline(Clock.FIRST_RESPONSE, ticket.created_at, target.first_response_minutes)
    if sla.awaiting_reply_since is not None and target.next_response_minutes:
        yield deadline(Clock.NEXT_RESPONSE, sla.awaiting_reply_since, target.next_response_minutes)
    if ticket.status not in ALWAYS_PAUSED:
        yield deadline(Clock.RESOLUTION, ticket.created_at, target.resolution_minutes)


def _parse(moment: str) -> datetime:
    return datetime.fromisoformat(moment).astimezone(UTC)
