"""Work going back to the queue: a decline, or an agent going offline (D6)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import AgentProfile, Presence, User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.dispatch.models import Outcome
from dispatchdesk.dispatch.services.assign import dispatch_ticket, mode_for
from dispatchdesk.dispatch.services.record import decision_record
from dispatchdesk.dispatch.wording import AGENT_UNAVAILABLE
from dispatchdesk.tickets.models import Status, Ticket
from dispatchdesk.tickets.permissions import may_decline, may_work_queue
from dispatchdesk.tickets.services.status import apply_transition


@transaction.atomic
def ticket_decline(*, ticket_id: int, agent: User, reason: str) -> Ticket:
    """The assigned agent refuses unaccepted work; it is dispatched again without them."""
    if not reason.strip():
        raise DomainError(_("Say why you decline."), code="decline_reason_required", status=422)
    ticket = Ticket.objects.select_for_update(of=("self",)).select_related("group").get(pk=ticket_id)
    may_decline(agent, ticket).require()
    apply_transition(ticket, Status.NEW, actor=agent, reason=reason)
    decision_record(
        ticket=ticket, mode=mode_for(ticket), outcome=Outcome.DECLINED, agent=agent, actor=agent, reason=reason
    )
    transaction.on_commit(lambda: dispatch_ticket(ticket_id=ticket.pk))
    return ticket


@transaction.atomic
def agent_set_presence(*, agent: User, presence: str) -> list[int]:
    """Change presence. Going away or offline returns unaccepted work to the queue (and it is
    dispatched again); coming online lets queued work find the agent. Returns the moved ticket ids."""
    may_work_queue(agent).require()
    if presence not in Presence.values:
        raise DomainError(_("Unknown presence."), code="invalid_presence", status=422)
    # Tickets first, then the agent row (inside load_move and the update below): the same lock
    # order as every other service, so this cannot deadlock with a concurrent dispatch.
    moved = return_unaccepted(agent) if presence != Presence.ONLINE else []
    AgentProfile.objects.filter(user=agent).update(presence=presence)
    if presence == Presence.ONLINE:
        moved = _queued_for(AgentProfile.objects.get(user=agent))
    for ticket_id in moved:
        transaction.on_commit(lambda ticket_id=ticket_id: dispatch_ticket(ticket_id=ticket_id))  # type: ignore[misc]
    return moved


def return_unaccepted(agent: User, *, reason: str = AGENT_UNAVAILABLE) -> list[int]:
    returned = []
    for ticket in (
        Ticket.objects.select_for_update().filter(assignee=agent, status=Status.PENDING_ACCEPTANCE).order_by("pk")
    ):
        apply_transition(ticket, Status.NEW, actor=None, reason=reason)
        decision_record(ticket=ticket, mode=mode_for(ticket), outcome=Outcome.RETURNED, agent=agent, reason=reason)
        returned.append(ticket.pk)
    return returned


def _queued_for(profile: AgentProfile) -> list[int]:
    """Queued tickets of the agent's groups, most urgent first, to be offered again."""
    queued = Ticket.objects.filter(status=Status.NEW, group__in=profile.groups.all()).order_by("priority", "created_at")
    return list(queued.values_list("pk", flat=True)[:50])
