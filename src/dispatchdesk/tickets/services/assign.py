"""Giving work to an agent and taking it back (the dispatch engine builds on these)."""

from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.events import publish
from dispatchdesk.tickets.events import TicketAssigned
from dispatchdesk.tickets.models import EventKind, Status, Ticket
from dispatchdesk.tickets.permissions import may_accept, may_assign
from dispatchdesk.tickets.services.status import apply_handover, apply_transition
from dispatchdesk.tickets.services.timeline import timeline_record


@transaction.atomic
def ticket_assign(*, ticket_id: int, agent_id: int, actor: User) -> Ticket:
    """Hand the ticket to an agent, who then accepts it; reassigning restarts acceptance."""
    agent = _agent(agent_id)
    ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
    may_assign(actor, ticket, agent).require()
    assign_locked(ticket, agent, actor=actor)
    return ticket


def assign_locked(ticket: Ticket, agent: User, *, actor: User | None, reasons: list[str] | None = None) -> None:
    """Hand a locked open ticket to `agent`; the event says who chose them and why (the engine's reasons)."""
    previous = ticket.assignee_id
    apply_handover(ticket, agent, actor=actor)
    data = {"agent_id": agent.pk, "agent": str(agent), "previous_agent_id": previous, "reasons": reasons or []}
    timeline_record(ticket=ticket, kind=EventKind.ASSIGNED, actor=actor, public=True, data=data)
    publish(TicketAssigned(ticket, agent, actor))


@transaction.atomic
def ticket_accept(*, ticket_id: int, actor: User) -> Ticket:
    """The assigned agent takes the work on: Pending acceptance → In progress."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
    may_accept(actor, ticket).require()
    apply_transition(ticket, Status.IN_PROGRESS, actor=actor)
    timeline_record(ticket=ticket, kind=EventKind.ACCEPTED, actor=actor, public=False)
    return ticket


def _agent(agent_id: int) -> User:
    agent = User.objects.filter(pk=agent_id, agent__isnull=False, is_active=True).first()
    if agent is None:
        raise DomainError(_("No active agent has id %(id)s.") % {"id": agent_id}, code="unknown_agent", status=422)
    return agent
