"""The email outbox (docs/decisions/0019-outbox-leases-and-throttles.md): every email is a row, written in the
transaction of what it tells, so a crash or a lost task cannot lose it and a retry cannot double it.

A sender claims a row with a conditional UPDATE (one winner, on SQLite and PostgreSQL alike), holds
it for a lease, sends over SMTP with EMAIL_TIMEOUT bounding every step, and records the server's
acceptance at once. A row whose sender died is taken again by the sweep once the lease has passed;
its Message-ID, fixed at creation, threads the resend as the first try would have been.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q

from dispatchdesk.common import clock
from dispatchdesk.customers.models import Contact
from dispatchdesk.notifications.confirmation import confirmation_draft
from dispatchdesk.notifications.customer_mail import customer_update_draft, new_message_id
from dispatchdesk.notifications.draft import Draft
from dispatchdesk.notifications.email import notification_draft
from dispatchdesk.notifications.models import EmailState, Notification, OutboundEmail
from dispatchdesk.notifications.sign_in import SIGN_IN, sign_in_draft
from dispatchdesk.notifications.weekly import WEEKLY_REPORT, weekly_report_draft
from dispatchdesk.tickets.models import Message, Ticket

log = logging.getLogger(__name__)

CONFIRMATION, NOTIFICATION = "confirmation", "notification"  # and customer_mail's REPLY, WAITING, RESOLVED
MAX_ATTEMPTS = 5
UNSENT = (EmailState.PENDING, EmailState.SENDING)
# What the drafts read, in the claim's one query.
SENT_WITH = (
    "notification__recipient",
    "ticket__customer",
    "ticket__assignee",
    "ticket__group",
    "reply__author",
    "contact__user",
)


def outbox_add(
    *,
    key: str,
    kind: str,
    ticket: Ticket | None = None,
    notification: Notification | None = None,
    reply: Message | None = None,
    contact: Contact | None = None,
) -> OutboundEmail:
    """The row for the email `key` names, in the caller's transaction. The key is unique in the
    database: asking twice for one email fails instead of sending two."""
    now = clock.now()
    return OutboundEmail.objects.create(
        key=key,
        kind=kind,
        ticket=ticket,
        notification=notification,
        reply=reply,
        contact=contact,
        message_id=new_message_id(ticket, starts_thread=kind == CONFIRMATION),
        created_at=now,
        due_at=now + _lease(),  # the sweep's turn, should the queued task never come
    )


def deliver(*, email_id: int) -> EmailState | None:
    """Send one row unless someone else holds it; the state it was left in, None if not ours to send."""
    email = _claim(email_id)
    if email is None:
        return None  # sent, given up, or another sender holds its lease
    try:
        draft = _draft(email)
        if draft is None:
            return _finish(email, EmailState.SKIPPED)
        return _send(email, draft)
    except Exception as error:  # a refusal, a time-out, a bad address: counted, tried again later
        return _failed(email, error)


def outbox_sweep(*, limit: int = 100) -> int:
    """Send what is due: rows whose task never came, whose sender died, or whose back-off has passed.
    Stops at the first failure: the server is down or stuck, and the next sweep tries again."""
    due = OutboundEmail.objects.filter(state__in=UNSENT, due_at__lte=clock.now()).order_by("due_at", "pk")
    sent = 0
    for email_id in list(due.values_list("pk", flat=True)[:limit]):
        outcome = deliver(email_id=email_id)
        if outcome in (EmailState.PENDING, EmailState.FAILED):
            break
        sent += outcome == EmailState.SENT
    return sent


def _claim(email_id: int) -> OutboundEmail | None:
    now = clock.now()
    free = Q(state=EmailState.PENDING) | Q(state=EmailState.SENDING, due_at__lte=now)
    taken = OutboundEmail.objects.filter(free, pk=email_id).update(
        state=EmailState.SENDING, due_at=now + _lease(), attempts=F("attempts") + 1
    )
    return OutboundEmail.objects.select_related(*SENT_WITH).get(pk=email_id) if taken else None


def _draft(email: OutboundEmail) -> Draft | None:
    if email.kind == WEEKLY_REPORT and email.notification is not None:
        return weekly_report_draft(email.notification)
    if email.notification is not None:
        return notification_draft(email.notification)
    if email.kind == SIGN_IN and email.contact is not None:
        return sign_in_draft(email.contact)
    if email.ticket is None:  # every other kind is about a ticket
        raise ValueError(f"outbound email {email.key} names no ticket")
    if email.kind == CONFIRMATION:
        return confirmation_draft(email.ticket)
    return customer_update_draft(email.ticket, email.kind, email.reply)


def _send(email: OutboundEmail, draft: Draft) -> EmailState:
    headers = {"Message-ID": email.message_id, **draft.headers}
    mail = EmailMultiAlternatives(draft.subject, draft.body, None, [draft.to], headers=headers)
    if draft.html:  # multipart/alternative: clients that show HTML pick it, the others read the text
        mail.attach_alternative(draft.html, "text/html")
    connection = get_connection()  # the SMTP backend waits EMAIL_TIMEOUT at most for each answer
    connection.open()
    try:
        connection.send_messages([mail])
        # Before QUIT: a crash can send twice only between the server's "250" and this commit.
        state = _finish(email, EmailState.SENT)
    finally:
        _close(connection)
    log.info("email %s (%s) sent", email.pk, email.key)
    return state


def _finish(email: OutboundEmail, state: EmailState) -> EmailState:
    now = clock.now()
    with transaction.atomic():
        OutboundEmail.objects.filter(pk=email.pk, state=EmailState.SENDING).update(
            state=state, sent_at=now if state == EmailState.SENT else None, last_error=""
        )
        if state == EmailState.SENT and email.notification_id is not None:
            Notification.objects.filter(pk=email.notification_id).update(emailed_at=now)
    return state


def _failed(email: OutboundEmail, error: Exception) -> EmailState:
    state = EmailState.FAILED if email.attempts >= MAX_ATTEMPTS else EmailState.PENDING
    OutboundEmail.objects.filter(pk=email.pk, state=EmailState.SENDING).update(
        state=state,
        due_at=clock.now() + timedelta(minutes=2**email.attempts),  # 2, 4, 8, 16 minutes
        last_error=f"{type(error).__name__}: {error}"[:1000],
    )
    log.warning("email %s (%s) attempt %d failed: %r", email.pk, email.key, email.attempts, error)
    return state


def _close(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except Exception:  # the mail is accepted and recorded; a stuck QUIT changes nothing
        log.warning("closing the SMTP connection failed", exc_info=True)


def _lease() -> timedelta:
    return timedelta(seconds=settings.DISPATCHDESK_OUTBOX_LEASE_SECONDS)
