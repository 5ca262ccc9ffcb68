"""Group queues (D4): members claim a ticket (exactly one wins) or pull the most urgent next one."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import DispatchMode, DispatchPolicy, SkillGroup, User
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch import selectors
from dispatchdesk.dispatch.engine.queue import pick_next
from dispatchdesk.dispatch.engine.types import AgentState
from dispatchdesk.dispatch.models import Outcome
from dispatchdesk.dispatch.services.assign import dispatch_ticket, mode_for
from dispatchdesk.dispatch.services.batch import dispatch_queue_batch, policy_of
from dispatchdesk.dispatch.services.record import decision_record
from dispatchdesk.tickets.models import Status, Ticket
from dispatchdesk.tickets.permissions import may_work_queue
from dispatchdesk.tickets.services.assign import assign_locked
from dispatchdesk.tickets.services.status import apply_transition

PULL_ATTEMPTS = 5


@transaction.atomic
def ticket_claim(*, ticket_id: int, agent: User) -> Ticket:
    """Take a queued ticket straight into progress. Two members claiming at once: one wins,
    the other is told who was faster; nothing else changes."""
    ticket = (
        Ticket.objects.select_for_update(of=("self",)).select_related("group", "region", "customer").get(pk=ticket_id)
    )
    selectors.claim_answer(agent, ticket, now=clock.now()).require()
    _take(ticket, agent, Outcome.CLAIMED)
    return ticket


def ticket_pull_next(*, agent: User) -> Ticket | None:
    """The most urgent queued ticket in the agent's groups that they may take, or None."""
    state = _agent_state(agent)
    skipped: set[int] = set()
    for _attempt in range(PULL_ATTEMPTS):
        queue = [t for t in selectors.queued_tickets(group_slugs=state.groups) if t.pk not in skipped]
        facts = {t.pk: selectors.ticket_facts(t) for t in queue}
        choice = pick_next(state, facts.values(), selectors.current_policy(), clock.now())
        if choice is None:
            return None
        taken = _take_if_still_queued(int(choice.id), agent)
        if taken is not None:
            return taken
        skipped.add(int(choice.id))  # someone else was faster: try the next one
    return None


def offer_queued_work(*, agent_id: int) -> int:
    """A slot freed: dispatch the most urgent queued automatic tickets this agent may take.

    In sla-batch groups the group's queue and the free agents are matched at once (services.batch).
    Elsewhere each ticket is dispatched normally (the best free agent wins, not necessarily this one),
    so fairness holds; we stop once nothing eligible is left or the agent is full. Returns the count placed.
    """
    now = clock.now()
    state = selectors.agent_state(agent_id, now=now)
    batched = list(
        SkillGroup.objects.filter(members__user_id=agent_id, policy=DispatchPolicy.SLA_BATCH).values_list(
            "pk", flat=True
        )
    )
    placed = dispatch_queue_batch(group_ids=batched, now=now) if batched else 0
    if batched:
        state = selectors.agent_state(agent_id, now=clock.now())  # read again: their load may have moved
    tried = set[int]()
    attempts = state.capacity if state else 0  # one per slot the agent had when it freed
    while state is not None and len(tried) < attempts:
        queue = [t for t in selectors.queued_tickets(group_slugs=state.groups) if t.pk not in tried and _one_by_one(t)]
        choice = pick_next(state, [selectors.ticket_facts(t) for t in queue], selectors.current_policy(), clock.now())
        if choice is None:
            break
        tried.add(int(choice.id))
        decision = dispatch_ticket(ticket_id=int(choice.id))
        placed += decision is not None and decision.outcome == Outcome.ASSIGNED
        state = selectors.agent_state(agent_id, now=clock.now())  # read again: their load has moved
    return placed


def _one_by_one(ticket: Ticket) -> bool:
    """Automatic work that is dispatched ticket by ticket (not by its group's batch)."""
    return mode_for(ticket) == DispatchMode.AUTOMATIC and policy_of(ticket) != DispatchPolicy.SLA_BATCH


@transaction.atomic
def _take_if_still_queued(ticket_id: int, agent: User) -> Ticket | None:
    ticket = (
        Ticket.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk=ticket_id, status=Status.NEW)
        .select_related("group")
        .first()
    )
    if ticket is None:
        return None
    _take(ticket, agent, Outcome.PULLED)
    return ticket


def _take(ticket: Ticket, agent: User, outcome: Outcome) -> None:
    assign_locked(ticket, agent, actor=agent, reasons=[str(outcome.label)])
    apply_transition(ticket, Status.IN_PROGRESS, actor=agent)
    decision_record(ticket=ticket, mode=mode_for(ticket), outcome=outcome, agent=agent, actor=agent)


def _agent_state(agent: User) -> AgentState:
    may_work_queue(agent).require()
    state = selectors.agent_state(agent.pk, now=clock.now())
    if state is None:  # an agent profile whose user was deactivated
        raise DomainError(_("Only active agents take work."), code="not_an_agent", status=403)
    return state
