"""Dispatching a queued ticket in its group's mode (D2-D5): assign the best agent, propose, or queue."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction

from dispatchdesk.accounts.models import DispatchMode, DispatchPolicy, Tier, User
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch import selectors
from dispatchdesk.dispatch.engine.ranking import rank, refusals
from dispatchdesk.dispatch.engine.types import Candidate
from dispatchdesk.dispatch.models import DispatchDecision, Outcome
from dispatchdesk.dispatch.services.batch import offer_candidates, policy_of
from dispatchdesk.dispatch.services.record import decision_record
from dispatchdesk.dispatch.services.route import Routing
from dispatchdesk.dispatch.wording import NO_AGENT_FREE
from dispatchdesk.tickets.models import EventKind, Status, Ticket
from dispatchdesk.tickets.services.assign import assign_locked

logger = logging.getLogger(__name__)


@transaction.atomic
def dispatch_ticket(
    *, ticket_id: int, actor: User | None = None, now: datetime | None = None, routing: Routing | None = None
) -> DispatchDecision | None:
    """Decide who handles a queued ticket, in the mode of its group and tier.

    `routing` comes with a ticket's first dispatch, right after ticket_route: nobody can have
    declined it yet and its rule version is known, which spares two reads of its history.
    """
    now = now or clock.now()
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("group", "region", "customer__organisation", "sla")
        .get(pk=ticket_id)
    )
    if ticket.status != Status.NEW:
        return None
    mode = mode_for(ticket)
    roster = selectors.agent_roster(now=now, customer_id=ticket.customer_id)
    declined = frozenset[int]() if routing else selectors.agents_who_declined(ticket)
    agents = [a for a in roster.states if a.id not in declined]
    facts = selectors.ticket_facts(ticket)
    policy = policy_of(ticket)
    if policy == DispatchPolicy.SLA_BATCH:
        ranked = offer_candidates(facts, agents, now)
    else:
        ranked = rank(facts, agents, selectors.current_policy(), now)

    routed = routing or _routed(ticket)

    def record(outcome: Outcome, agent: User | None = None, reason: str = "") -> DispatchDecision:
        return decision_record(
            ticket=ticket,
            mode=mode,
            policy=policy,
            outcome=outcome,
            agent=agent,
            actor=actor,
            candidates=ranked,
            refusals=refusals(facts, agents),
            rule_version=routed.rule_version,
            classifier_version=routed.classifier_version,
            reason=reason,
            names=roster.names,
        )

    if mode == DispatchMode.AUTOMATIC:
        chosen = _assign_best(ticket, ranked, actor)
        return record(Outcome.ASSIGNED, chosen) if chosen else record(Outcome.QUEUED, reason=NO_AGENT_FREE)
    return record(Outcome.PROPOSED if mode == DispatchMode.REVIEW else Outcome.QUEUED)


def mode_for(ticket: Ticket) -> str:
    """The mode this ticket is dispatched in: a rule's choice, else its group's (hybrid by tier)."""
    if ticket.dispatch_mode:
        return ticket.dispatch_mode
    if ticket.group is None:
        return DispatchMode.REVIEW  # unrouted work is looked at by a dispatcher
    if ticket.group.mode == DispatchMode.HYBRID:
        return DispatchMode.AUTOMATIC if ticket.tier == Tier.L1 else DispatchMode.REVIEW
    return ticket.group.mode


def _assign_best(ticket: Ticket, ranked: list[Candidate], actor: User | None) -> User | None:
    """Give the ticket to the best candidate whose slot is still free when locked."""
    for candidate in ranked[:10]:
        agent = User.objects.get(pk=candidate.agent_id)
        try:
            with transaction.atomic():
                assign_locked(ticket, agent, actor=actor, reasons=list(candidate.reasons))
        except DomainError as refused:  # another process took the last slot first
            logger.info("dispatch: %s skipped for #%s: %s", agent, ticket.number, refused.code)
            continue
        return agent
    return None


def _routed(ticket: Ticket) -> Routing:
    """The rule and classifier versions the ticket was routed with (none for an unrouted one)."""
    routed = ticket.timeline.filter(kind=EventKind.ROUTED).order_by("-created_at", "-id").first()
    if routed is None:
        return Routing(rule_version=None)
    return Routing(routed.data.get("rule_version"), routed.data.get("classifier_version"))
