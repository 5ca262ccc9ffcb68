"""The only writers of notifications: create one (emailed after commit), mark them read."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock, history
from dispatchdesk.common.errors import DomainError
from dispatchdesk.intake.events import TicketSubmitted
from dispatchdesk.notifications.models import Kind, Notification
from dispatchdesk.notifications.tasks import send_confirmation_email, send_notification_email
from dispatchdesk.sla.events import SlaThresholdCrossed
from dispatchdesk.sla.models import Trigger
from dispatchdesk.tickets.events import TicketAssigned
from dispatchdesk.tickets.models import Ticket


def notify(*, recipient: User, kind: Kind, ticket: Ticket | None = None, data: dict[str, Any]) -> Notification | None:
    """Record a notification in the caller's transaction; its email is queued only if that commits."""
    if history.is_replaying():  # last month's assignments, loaded today, tell nobody
        return None
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, ticket=ticket, data=data, created_at=clock.now()
    )
    transaction.on_commit(lambda: _queue_email(notification.pk))
    return notification


def notify_assigned(assigned: TicketAssigned) -> None:
    """Tell the chosen agent, unless they took the ticket themselves (claim, next ticket)."""
    ticket, agent, actor = assigned.ticket, assigned.agent, assigned.actor
    if actor is not None and actor.pk == agent.pk:
        return
    notify(
        recipient=agent, kind=Kind.ASSIGNED, ticket=ticket, data={"number": ticket.number, "subject": ticket.subject}
    )


SLA_KINDS = {Trigger.AT_RISK: Kind.SLA_AT_RISK, Trigger.BREACHED: Kind.SLA_BREACHED}


def notify_sla_crossed(crossed: SlaThresholdCrossed) -> None:
    """Tell everyone the escalation rules name that the ticket's clock is at risk or breached."""
    ticket = crossed.ticket
    data = {"number": ticket.number, "subject": ticket.subject, "clock": crossed.clock}
    for person in crossed.recipients:
        notify(recipient=person, kind=SLA_KINDS[Trigger(crossed.trigger)], ticket=ticket, data=data)


def confirm_submission(submitted: TicketSubmitted) -> None:
    """Queue the customer's confirmation (S5), once dispatch has chosen who is responsible."""
    if not history.is_replaying():
        send_confirmation_email.enqueue(ticket_id=submitted.ticket_id)


def _queue_email(notification_id: int) -> None:
    send_notification_email.enqueue(notification_id=notification_id)


def notification_read(*, notification_id: int, user: User) -> Notification:
    """Mark one of the user's notifications read; someone else's does not exist for them (404)."""
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        raise DomainError(_("No such notification."), code="not_found", status=404)
    if notification.read_at is None:
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=clock.now())
