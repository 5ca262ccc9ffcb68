"""The dispatch sweep: what no single request triggers (D6). Idempotent; safe to run from many workers.

- unaccepted work past the acceptance timeout goes back to the queue;
- unaccepted work held by agents who are no longer available (offline, shift over) goes back;
- queued tickets of automatic groups are offered again (capacity may have freed): one by one, or
  as one batch per sla-batch group (services.batch).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, Q

from dispatchdesk.accounts.models import DispatchPolicy
from dispatchdesk.common import clock
from dispatchdesk.dispatch import selectors
from dispatchdesk.dispatch.models import Outcome
from dispatchdesk.dispatch.services.assign import dispatch_ticket, mode_for
from dispatchdesk.dispatch.services.batch import automatic_queue, dispatch_queue_batch
from dispatchdesk.dispatch.services.record import decision_record
from dispatchdesk.dispatch.wording import AGENT_UNAVAILABLE, NOT_ACCEPTED_IN_TIME
from dispatchdesk.tickets.models import EventKind, Status, Ticket
from dispatchdesk.tickets.services.status import apply_transition

REDISPATCH_BATCH = 200


@dataclass(frozen=True)
class SweepReport:
    timed_out: int
    unavailable: int
    dispatched: int


def dispatch_sweep(*, now: datetime | None = None) -> SweepReport:
    now = now or clock.now()
    timeout = timedelta(seconds=selectors.current_policy().acceptance_timeout_s)
    timed_out = sum(_return(ticket_id, Outcome.TIMED_OUT) for ticket_id in _unaccepted_since(now - timeout))
    unavailable = sum(_return(ticket_id, Outcome.RETURNED) for ticket_id in _held_by_unavailable(now))
    one_by_one = automatic_queue(policy=DispatchPolicy.PRIORITY_DEADLINE).values_list("pk", flat=True)
    dispatched = sum(1 for ticket_id in list(one_by_one[:REDISPATCH_BATCH]) if _redispatched(ticket_id, now))
    batched = automatic_queue(policy=DispatchPolicy.SLA_BATCH).order_by().values_list("group_id", flat=True).distinct()
    if batched:
        dispatched += dispatch_queue_batch(group_ids=list(batched), now=now)
    return SweepReport(timed_out, unavailable, dispatched)


def _unaccepted_since(cutoff: datetime) -> list[int]:
    pending = Ticket.objects.filter(status=Status.PENDING_ACCEPTANCE).annotate(
        assigned_at=Max("timeline__created_at", filter=Q(timeline__kind=EventKind.ASSIGNED))
    )
    return list(pending.filter(assigned_at__lt=cutoff).values_list("pk", flat=True))


def _held_by_unavailable(now: datetime) -> list[int]:
    pending = Ticket.objects.filter(status=Status.PENDING_ACCEPTANCE)
    holders = set(pending.order_by().values_list("assignee_id", flat=True).distinct())
    present = {a.id for a in selectors.agent_roster(now=now, user_ids=holders).states if a.available}
    away = [holder for holder in holders if holder not in present]  # a deactivated user is away too
    return list(pending.filter(assignee_id__in=away).values_list("pk", flat=True))


@transaction.atomic
def _return(ticket_id: int, outcome: Outcome) -> int:
    ticket = (
        Ticket.objects.select_for_update(skip_locked=True)
        .filter(pk=ticket_id, status=Status.PENDING_ACCEPTANCE)
        .first()
    )
    if ticket is None:  # accepted, moved or being handled by another sweep meanwhile
        return 0
    agent = ticket.assignee
    reason = NOT_ACCEPTED_IN_TIME if outcome == Outcome.TIMED_OUT else AGENT_UNAVAILABLE  # codes, worded when shown
    apply_transition(ticket, Status.NEW, actor=None, reason=reason)
    decision_record(ticket=ticket, mode=mode_for(ticket), outcome=outcome, agent=agent, reason=reason)
    transaction.on_commit(lambda: dispatch_ticket(ticket_id=ticket_id))
    return 1


def _redispatched(ticket_id: int, now: datetime) -> bool:
    decision = dispatch_ticket(ticket_id=ticket_id, now=now)
    return decision is not None and decision.outcome == Outcome.ASSIGNED
