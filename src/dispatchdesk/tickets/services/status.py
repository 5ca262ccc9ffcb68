"""Status and ownership changes (T2): every one goes through `_move`, checked by the workflow."""

from typing import Any

from django.db import transaction

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from dispatchdesk.common.events import publish
from dispatchdesk.tickets import workflow
from dispatchdesk.tickets.events import StatusChanged
from dispatchdesk.tickets.models import EventKind, Status, Ticket
from dispatchdesk.tickets.permissions import may_change_status
from dispatchdesk.tickets.services.load import load_move
from dispatchdesk.tickets.services.timeline import timeline_record


@transaction.atomic
def ticket_change_status(*, ticket_id: int, to: str, actor: User, reason: str = "") -> Ticket:
    ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
    may_change_status(actor, ticket).require()
    apply_transition(ticket, to, actor=actor, reason=reason)
    return ticket


def apply_transition(ticket: Ticket, to: str, *, actor: User | None, reason: str = "") -> None:
    """Move a locked ticket to status `to`. Moving to New means "back to the queue": the owner is released."""
    owner = None if to == Status.NEW else ticket.assignee
    workflow.check_transition(current=ticket.status, target=to, has_assignee=owner is not None)
    _move(ticket, status=to, owner=owner, actor=actor, reason=reason)


def apply_handover(ticket: Ticket, agent: User, *, actor: User | None, reason: str = "") -> None:
    """Give a locked open ticket to `agent`, who must accept it (status Pending acceptance)."""
    if ticket.status != Status.PENDING_ACCEPTANCE:
        workflow.check_transition(current=ticket.status, target=Status.PENDING_ACCEPTANCE, has_assignee=True)
    _move(ticket, status=Status.PENDING_ACCEPTANCE, owner=agent, actor=actor, reason=reason)


def apply_merge_close(ticket: Ticket, *, actor: User | None, reason: str) -> None:
    """Close a locked ticket merged into another, from any open status: its work continues there."""
    _move(ticket, status=Status.CLOSED, owner=ticket.assignee, actor=actor, reason=reason)


def _move(ticket: Ticket, *, status: str, owner: User | None, actor: User | None, reason: str) -> None:
    """Write the new status and owner with their timestamps, agent loads and timeline event."""
    before = (ticket.assignee_id, ticket.status)
    load_move(before=before, after=(owner.pk if owner else None, status))
    moment = clock.now()
    if workflow.is_reopen(ticket.status, status):
        ticket.reopen_count += 1
        ticket.resolved_at = None
    if status == Status.RESOLVED:
        ticket.resolved_at = moment
    if status == Status.CLOSED:
        ticket.closed_at = moment
    ticket.status, ticket.assignee, ticket.updated_at = status, owner, moment
    ticket.save(update_fields=["status", "assignee", "reopen_count", "resolved_at", "closed_at", "updated_at"])
    if before[1] != status:
        data: dict[str, Any] = {"from": before[1], "to": status, "reason": reason}
        if before[0] and owner is None:
            data["released_agent_id"] = before[0]
        timeline_record(ticket=ticket, kind=EventKind.STATUS, actor=actor, public=True, data=data)
        publish(StatusChanged(ticket, before[1], status))
