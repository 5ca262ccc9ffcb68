"""Status changes (T2): every change goes through `apply_transition`, checked by the workflow."""

from django.db import transaction

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from dispatchdesk.tickets import workflow
from dispatchdesk.tickets.models import EventKind, Status, Ticket
from dispatchdesk.tickets.permissions import require_staff
from dispatchdesk.tickets.services.timeline import timeline_record


@transaction.atomic
def ticket_change_status(*, ticket_id: int, to: str, actor: User, reason: str = "") -> Ticket:
    require_staff(actor)
    ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
    apply_transition(ticket, to, actor=actor, reason=reason)
    return ticket


def apply_transition(ticket: Ticket, to: str, *, actor: User | None, reason: str = "") -> None:
    """Move a locked ticket to `to`, keeping timestamps, reopen count and ownership consistent.

    Moving to New means "back to the queue", so the assignee is released.
    """
    current = ticket.status
    releases = to == Status.NEW
    workflow.check_transition(current=current, target=to, has_assignee=ticket.assignee_id is not None and not releases)
    moment = clock.now()
    # The assignee is always written with the status: callers may have set it for this move,
    # and the database checks that owned statuses have one.
    fields = ["status", "assignee", "updated_at"]
    if workflow.is_reopen(current, to):
        ticket.reopen_count += 1
        ticket.resolved_at = None
        fields += ["reopen_count", "resolved_at"]
    if to == Status.RESOLVED:
        ticket.resolved_at = moment
        fields.append("resolved_at")
    if to == Status.CLOSED:
        ticket.closed_at = moment
        fields.append("closed_at")
    previous_assignee = ticket.assignee_id
    if releases:
        ticket.assignee = None
    ticket.status = to
    ticket.updated_at = moment
    ticket.save(update_fields=fields)
    data: dict[str, str | int] = {"from": current, "to": to, "reason": reason}
    if releases and previous_assignee:
        data["released_agent_id"] = previous_assignee
    timeline_record(ticket=ticket, kind=EventKind.STATUS, actor=actor, public=True, data=data)
