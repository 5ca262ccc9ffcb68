"""Live SLA-aware batch dispatch (D11): a group's policy "sla-batch" (docs/decisions/0013-live-batch-dispatch.md).

The decisions are the engine's own (`engine.batch`), the very functions the what-if simulator's
sla-batch dispatcher calls: a new ticket goes to the agent with the best offer (`rank_offers`),
and when capacity frees (or the sweep looks again) the group's most urgent queued tickets and
the free agents are matched at once (`assign_batch`). Each assignment is applied under the
usual locks and recorded with its offer as the explanation.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import F, Q, QuerySet

from dispatchdesk.accounts.models import DispatchMode, DispatchPolicy, Tier, User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch import selectors
from dispatchdesk.dispatch.engine.batch import Desk, Offer, assign_batch, likely_agents, rank_offers
from dispatchdesk.dispatch.engine.types import AgentState, Candidate, TicketFacts
from dispatchdesk.dispatch.models import Outcome
from dispatchdesk.dispatch.services.record import decision_record
from dispatchdesk.tickets.models import Status, Ticket
from dispatchdesk.tickets.services.assign import assign_locked

logger = logging.getLogger(__name__)

BATCH_TICKETS = 40  # a group's most urgent queued tickets matched at once (the simulator looks at fewer)
# No handle-time catalogue is kept yet: every skill counts the engine's typical ten minutes, so an
# offer weighs urgency and skill match against the agent's proficiency (docs/decisions/0013).
LIVE_DESK = Desk(handle_s={})


def policy_of(ticket: Ticket) -> str:
    """The dispatch policy of the ticket's group; unrouted work is ranked the classic way."""
    return ticket.group.policy if ticket.group is not None else DispatchPolicy.PRIORITY_DEADLINE


def offer_candidates(facts: TicketFacts, agents: Sequence[AgentState], now: datetime) -> list[Candidate]:
    """The agents sla-batch would give this ticket to now, best offer first, explained by the offer's factors."""
    offers = rank_offers(facts, agents, selectors.current_policy(), now, LIVE_DESK)
    return [_candidate(offer) for offer in offers]


def automatic_queue(*, policy: str) -> QuerySet[Ticket]:
    """Queued tickets that automatic dispatch serves, of groups with `policy`: most urgent deadline first."""
    by_group = Q(dispatch_mode="") & (
        Q(group__mode=DispatchMode.AUTOMATIC) | Q(group__mode=DispatchMode.HYBRID, tier=Tier.L1)
    )
    by_rule = Q(dispatch_mode=DispatchMode.AUTOMATIC)
    queued = Ticket.objects.filter(by_group | by_rule, status=Status.NEW, group__policy=policy)
    return queued.order_by(F("sla_due_at").asc(nulls_last=True), "priority", "created_at")


def dispatch_queue_batch(*, group_ids: Collection[int], now: datetime) -> int:
    """Match the most urgent queued automatic tickets of these sla-batch groups with every free agent
    at once; returns how many were assigned. Safe to run from many workers: each assignment locks."""
    queued = automatic_queue(policy=DispatchPolicy.SLA_BATCH).filter(group_id__in=group_ids)
    shown = queued.select_related("group", "region", "customer__organisation", "sla")
    tickets = list(shown.prefetch_related("required_skills")[:BATCH_TICKETS])
    if not tickets:
        return 0
    facts = [selectors.ticket_facts(t) for t in tickets]
    roster = selectors.agent_roster(now=now)
    agents = likely_agents(facts, roster.states)
    if not agents:
        return 0
    declined = selectors.declined_by_ticket([t.pk for t in tickets])
    offers = assign_batch(facts, agents, selectors.current_policy(), now, LIVE_DESK)
    placed = 0
    for offer in offers:
        if offer.agent_id in declined.get(int(offer.ticket_id), frozenset()):
            continue  # never offered again to someone who declined it; it waits for the next look
        placed += _apply(offer, roster.names)
    return placed


@transaction.atomic
def _apply(offer: Offer, names: dict[int, str]) -> bool:
    ticket = (
        Ticket.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("group")
        .filter(pk=offer.ticket_id, status=Status.NEW)
        .first()
    )
    if ticket is None:  # taken or moved meanwhile, or another worker holds it
        return False
    agent = User.objects.get(pk=offer.agent_id)
    candidate = _candidate(offer)
    try:
        with transaction.atomic():
            assign_locked(ticket, agent, actor=None, reasons=list(candidate.reasons))
    except DomainError as refused:  # another process took the agent's last slot first
        logger.info("batch dispatch: %s skipped for #%s: %s", agent, ticket.number, refused.code)
        return False
    decision_record(
        ticket=ticket,
        mode=DispatchMode.AUTOMATIC,
        policy=DispatchPolicy.SLA_BATCH,
        outcome=Outcome.ASSIGNED,
        agent=agent,
        candidates=[candidate],
        names=names,
    )
    return True


def _candidate(offer: Offer) -> Candidate:
    return Candidate(offer.agent_id, offer.value, offer.factors)
