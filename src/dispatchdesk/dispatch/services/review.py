"""Review mode (D3): a dispatcher or lead confirms the engine's proposal or overrides it with a reason."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch import selectors
from dispatchdesk.dispatch.engine.eligibility import refusal_rule
from dispatchdesk.dispatch.engine.ranking import score_agent
from dispatchdesk.dispatch.models import DispatchDecision, Outcome
from dispatchdesk.dispatch.services.assign import mode_for
from dispatchdesk.dispatch.services.record import decision_record
from dispatchdesk.dispatch.wording import refusal_for
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.tickets.permissions import may_confirm
from dispatchdesk.tickets.services.assign import assign_locked


@transaction.atomic
def dispatch_confirm(*, ticket_id: int, agent_id: int, actor: User, reason: str = "") -> DispatchDecision:
    """Assign a queued ticket by hand. Choosing other than the engine's first proposal is an
    override and needs a reason; hard rules hold for dispatchers too."""
    ticket = (
        Ticket.objects.select_for_update(of=("self",)).select_related("group", "region", "customer").get(pk=ticket_id)
    )
    may_confirm(actor, ticket).require()
    now = clock.now()
    state = selectors.agent_state(agent_id, now=now, customer_id=ticket.customer_id)
    if state is None:
        raise DomainError(_("No active agent has id %(id)s.") % {"id": agent_id}, code="unknown_agent", status=422)
    agent, facts = User.objects.get(pk=agent_id), selectors.ticket_facts(ticket)
    rule = refusal_rule(facts, state)
    if rule is not None:
        raise DomainError(refusal_for(rule, agent), code=f"ineligible_{rule}")
    outcome = _outcome(ticket, agent_id, reason)
    candidate = score_agent(facts, state, selectors.current_policy(), now)
    assign_locked(ticket, agent, actor=actor, reasons=list(candidate.reasons))
    return decision_record(
        ticket=ticket,
        mode=mode_for(ticket),
        outcome=outcome,
        agent=agent,
        actor=actor,
        candidates=[candidate],
        reason=reason,
    )


def _outcome(ticket: Ticket, agent_id: int, reason: str) -> Outcome:
    proposal = ticket.decisions.filter(outcome=Outcome.PROPOSED).order_by("-created_at", "-id").first()
    if proposal is None:
        return Outcome.LEAD_ASSIGNED
    top = proposal.candidates[0]["agent_id"] if proposal.candidates else None
    if top == agent_id:
        return Outcome.CONFIRMED
    if not reason.strip():
        raise DomainError(_("Say why you override the proposal."), code="override_reason_required", status=422)
    return Outcome.OVERRIDDEN
