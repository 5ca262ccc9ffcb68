"""The only writers of notifications and of the outbox: create one (its email a row in the same
transaction, sent after commit), mark them read."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock, history, request_context
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import Contact
from dispatchdesk.intake.events import ChatFellBack, TicketSubmitted
from dispatchdesk.intake.selectors import chat_is_live
from dispatchdesk.notifications.customer_mail import CHAT_FALLBACK, REPLY, RESOLVED, WAITING
from dispatchdesk.notifications.live import announce_unread
from dispatchdesk.notifications.models import Kind, Notification, OutboundEmail
from dispatchdesk.notifications.outbox import CONFIRMATION, NOTIFICATION, outbox_add
from dispatchdesk.notifications.sign_in import SIGN_IN
from dispatchdesk.notifications.tasks import deliver_email
from dispatchdesk.notifications.weekly import WEEKLY_REPORT, weekly_key
from dispatchdesk.sla.events import SlaThresholdCrossed
from dispatchdesk.sla.models import Trigger
from dispatchdesk.tickets.events import StatusChanged, TicketAssigned, TicketRated, TicketReplied
from dispatchdesk.tickets.models import Message, Status, Ticket


def notify(*, recipient: User, kind: Kind, ticket: Ticket | None = None, data: dict[str, Any]) -> Notification | None:
    """Record a notification in the caller's transaction; its email is queued only if that commits."""
    if history.is_replaying():  # last month's assignments, loaded today, tell nobody
        return None
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, ticket=ticket, data=data, created_at=clock.now()
    )
    email(key=f"notification:{notification.pk}", kind=NOTIFICATION, ticket=ticket, notification=notification)
    announce_unread(recipient.pk)
    return notification


def notify_assigned(assigned: TicketAssigned) -> None:
    """Tell the chosen agent, unless they took the ticket themselves (claim, next ticket)."""
    ticket, agent, actor = assigned.ticket, assigned.agent, assigned.actor
    if actor is not None and actor.pk == agent.pk:
        return
    notify(
        recipient=agent, kind=Kind.ASSIGNED, ticket=ticket, data={"number": ticket.number, "subject": ticket.subject}
    )


LOW_RATING = 2  # ratings up to this one tell the group's lead

SLA_KINDS = {Trigger.AT_RISK: Kind.SLA_AT_RISK, Trigger.BREACHED: Kind.SLA_BREACHED}


def notify_sla_crossed(crossed: SlaThresholdCrossed) -> None:
    """Tell everyone the escalation rules name that the ticket's clock is at risk or breached."""
    ticket = crossed.ticket
    data = {"number": ticket.number, "subject": ticket.subject, "clock": crossed.clock}
    for person in crossed.recipients:
        notify(recipient=person, kind=SLA_KINDS[Trigger(crossed.trigger)], ticket=ticket, data=data)


def notify_customer_reply(replied: TicketReplied) -> None:
    """The customer answered or reopened: tell the assignee, or the ticket's group while nobody holds it."""
    if not replied.by_customer:
        return
    ticket = replied.ticket
    kind = Kind.REOPENED if replied.reopened else Kind.CUSTOMER_REPLIED
    data = {"number": ticket.number, "subject": ticket.subject, "customer": ticket.customer.name}
    for person in _people_for(ticket):
        notify(recipient=person, kind=kind, ticket=ticket, data=data)


def _people_for(ticket: Ticket) -> list[User]:
    if ticket.assignee is not None:
        return [ticket.assignee]
    if ticket.group_id is None:
        return []
    members = User.objects.filter(agent__groups=ticket.group_id, is_active=True).order_by("pk")
    return list(members)


def tell_customer_of_reply(replied: TicketReplied) -> None:
    """A public reply by staff goes to the customer by email (the outbox row commits with the reply),
    unless the customer is chatting on the ticket and reads it there."""
    if not replied.by_customer and not history.is_replaying() and not chat_is_live(replied.ticket.pk):
        email(key=f"reply:{replied.message.pk}", kind=REPLY, ticket=replied.ticket, reply=replied.message)


def tell_customer_of_status(changed: StatusChanged) -> None:
    """The customer hears when we wait for their answer and when their request is resolved."""
    kind = {Status.AWAITING_CUSTOMER: WAITING, Status.RESOLVED: RESOLVED}.get(Status(changed.after))
    if kind is not None and not history.is_replaying():
        # The ticket row is locked by the status change, so the count names this change alone.
        count = OutboundEmail.objects.filter(ticket=changed.ticket, kind=kind).count()
        email(key=f"{kind}:{changed.ticket.pk}:{count + 1}", kind=kind, ticket=changed.ticket)


def confirm_submission(submitted: TicketSubmitted) -> None:
    """The customer's confirmation (S5), once dispatch has chosen who is responsible."""
    key = f"confirmation:{submitted.ticket_id}"
    if history.is_replaying() or OutboundEmail.objects.filter(key=key).exists():
        return  # announced again (a retried request): it is confirmed once
    email(key=key, kind=CONFIRMATION, ticket=submitted.ticket)


def email(
    *,
    key: str,
    kind: str,
    ticket: Ticket | None = None,
    notification: Notification | None = None,
    reply: Message | None = None,
    contact: Contact | None = None,
) -> None:
    """Record an email in the caller's transaction; once that commits, a task sends it. Should the
    queue be unreachable then, the outbox sweep sends it later (robust: the change stands)."""
    row = outbox_add(key=key, kind=kind, ticket=ticket, notification=notification, reply=reply, contact=contact)
    request_id = request_context.current()  # the worker's log lines name the request that asked
    transaction.on_commit(lambda: deliver_email.enqueue(email_id=row.pk, request_id=request_id), robust=True)


def notify_low_rating(rated: TicketRated) -> None:
    """A rating of 1 or 2 goes to the lead of the ticket's group (bell and email), to follow up soon."""
    ticket, rating = rated.ticket, rated.rating
    lead = ticket.group.lead if ticket.group is not None else None
    if rating.score > LOW_RATING or lead is None or not lead.is_active:
        return
    data = {"number": ticket.number, "subject": ticket.subject, "customer": ticket.customer.name}
    notify(recipient=lead, kind=Kind.LOW_RATING, ticket=ticket, data=data | {"rating": rating.score})


@transaction.atomic
def sign_in_link_send(*, contact: Contact) -> None:
    """The portal's sign-in link, by email to the contact (notifications.sign_in); each request its own."""
    email(key=f"{SIGN_IN}:{contact.pk}:{secrets.token_hex(8)}", kind=SIGN_IN, contact=contact)


def weekly_report_send(*, recipient: User, week: str, figures: dict[str, Any]) -> bool:
    """Record the week's report for `recipient` (bell and outbox) unless it exists; True if recorded.
    Idempotent: the outbox key is unique, so two workers racing record it once."""
    key = weekly_key(recipient, week)
    if OutboundEmail.objects.filter(key=key).exists():
        return False
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, kind=Kind.WEEKLY_REPORT, data=figures | {"week": week}, created_at=clock.now()
            )
            email(key=key, kind=WEEKLY_REPORT, notification=notification)
    except IntegrityError:
        return False  # another worker recorded it a moment ago
    announce_unread(recipient.pk)
    return True


def notification_read(*, notification_id: int, user: User) -> Notification:
    """Mark one of the user's notifications read; someone else's does not exist for them (404)."""
    notification = Notification.objects.filter(pk=notification_id, recipient=user).first()
    if notification is None:
        raise DomainError(_("No such notification."), code="not_found", status=404)
    if notification.read_at is None:
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])
        announce_unread(user.pk)
    return notification


def notifications_read_all(*, user: User) -> int:
    read = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=clock.now())
    announce_unread(user.pk)
    return read


def tell_customer_of_chat_fallback(fell_back: ChatFellBack) -> None:
    """Nobody answered the chat in time (or the visitor left): we will answer by email, and say so."""
    ticket = Ticket.objects.select_related("customer").get(pk=fell_back.ticket_id)
    email(key=f"chat-fallback:{fell_back.session_id}", kind=CHAT_FALLBACK, ticket=ticket)
