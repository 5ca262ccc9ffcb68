"""Handing a ticket to an agent without a dispatcher's override (the team board's drop, P4)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch import selectors
from dispatchdesk.dispatch.engine.eligibility import refusal_rule
from dispatchdesk.dispatch.wording import refusal_for
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.tickets.permissions import may_assign
from dispatchdesk.tickets.services import ticket_assign


@transaction.atomic
def ticket_hand_over(*, ticket_id: int, agent_id: int, actor: User) -> Ticket:
    """Assign as the assign action does (tickets' ticket_assign: permission and capacity), and only
    within the engine's hard rules (skills, language, tier, availability): a drop has no tick box
    to confirm an override with, so what the assign form would ask to confirm is refused here."""
    ticket = (
        Ticket.objects.select_for_update(of=("self",)).select_related("group", "region", "customer").get(pk=ticket_id)
    )
    state = selectors.agent_state(agent_id, now=clock.now(), customer_id=ticket.customer_id)
    agent = User.objects.filter(pk=agent_id).first()
    if state is None or agent is None:
        raise DomainError(_("No active agent has id %(id)s.") % {"id": agent_id}, code="unknown_agent", status=422)
    may_assign(actor, ticket, agent).require()  # who may hand work to whom comes first
    rule = refusal_rule(selectors.ticket_facts(ticket), state)
    if rule is not None and ticket.assignee_id != agent_id:  # the same agent: ticket_assign says so
        raise DomainError(refusal_for(rule, agent), code=f"ineligible_{rule}")
    return ticket_assign(ticket_id=ticket.pk, agent_id=agent_id, actor=actor)
