"""One email in: a new ticket, a reply on its ticket, a bounce noted on its ticket, kept unanswered, or
quarantined. Every email leaves an `InboundEmail` row with its raw source, in the same transaction as
its ticket, so the poller flags it on the server only once both are committed."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.models import Contact
from dispatchdesk.customers.services import contact_for_sender
from dispatchdesk.intake.channels.email.adapter import (
    IncomingEmail,
    UnreadableEmailError,
    message_id_of,
    parse,
    ticket_numbers,
)
from dispatchdesk.intake.models import InboundEmail, InboundState, Mailbox
from dispatchdesk.intake.services import customer_answer, ticket_submit
from dispatchdesk.tickets.models import Channel, Ticket
from dispatchdesk.tickets.permissions import FOLLOW_UP_CODES, may_reply
from dispatchdesk.tickets.services.conversation import ticket_machine_note
from dispatchdesk.tickets.services.validation import attachment_type

logger = logging.getLogger(__name__)


def email_receive(*, mailbox: Mailbox, raw: bytes) -> InboundEmail:
    """Take one email; the same Message-ID again returns the row it made the first time."""
    with transaction.atomic():
        found = InboundEmail.objects.filter(message_id=message_id_of(raw)).first()
        if found is not None:
            return found
        row = InboundEmail(mailbox=mailbox, message_id=message_id_of(raw), raw=raw, received_at=clock.now())
        return _handle(row)


def inbound_retry(*, inbound_id: int) -> InboundEmail:
    """Try a quarantined email again (after a fix, or a raised limit)."""
    with transaction.atomic():
        row = InboundEmail.objects.select_for_update().get(pk=inbound_id)
        if row.state != InboundState.QUARANTINED:
            return row
        return _handle(row)


def inbound_discard(*, inbound_id: int) -> InboundEmail:
    """A person looked at a quarantined email and decided it needs nothing; its source is still kept."""
    with transaction.atomic():
        row = InboundEmail.objects.select_for_update().get(pk=inbound_id)
        if row.state == InboundState.QUARANTINED:
            row.state = InboundState.DISCARDED
            row.save(update_fields=["state"])
        return row


def _handle(row: InboundEmail) -> InboundEmail:
    try:
        email = parse(bytes(row.raw))
    except UnreadableEmailError as error:
        return _keep(row, InboundState.QUARANTINED, _("Unreadable: %(error)s") % {"error": error})
    row.sender, row.subject = email.sender, email.subject[:255]
    skip = _not_for_a_ticket(row, email)
    if skip:
        return _keep(row, InboundState.IGNORED, skip)
    try:
        with transaction.atomic():  # a refusal rolls back whatever the ticket services wrote
            return _to_ticket(row, email)
    except DomainError as error:
        return _keep(row, InboundState.QUARANTINED, error.message)


def _not_for_a_ticket(row: InboundEmail, email: IncomingEmail) -> str:
    """Why an email must not become a ticket (or be answered), or "" when it may."""
    if email.bounce_of:
        return ""
    ours = {settings.DEFAULT_FROM_EMAIL.lower(), *Mailbox.objects.values_list("address", flat=True)}
    if email.sender in {address.lower() for address in ours}:
        return _("Sent from our own address.")
    if email.automatic:
        return _("Sent automatically (auto-reply, bulk or list mail): not answered, to avoid mail loops.")
    hour_ago = clock.now() - timedelta(hours=1)
    recent = InboundEmail.objects.filter(sender=email.sender, received_at__gte=hour_ago).exclude(pk=row.pk)
    recent = recent.exclude(state__in=(InboundState.IGNORED, InboundState.QUARANTINED))
    if recent.count() >= settings.DISPATCHDESK_EMAIL_PER_SENDER_HOUR:
        return _("More than %(count)d emails from this sender in an hour.") % {
            "count": settings.DISPATCHDESK_EMAIL_PER_SENDER_HOUR
        }
    return ""


def _to_ticket(row: InboundEmail, email: IncomingEmail) -> InboundEmail:
    if email.bounce_of:
        return _bounce(row, email)
    contact = contact_for_sender(name=email.sender_name, email=email.sender)
    files, left_out = _within_limits(email.files)
    body = (
        email.body + "".join(f"\n\n{line}" for line in left_out)
        if not email.is_html
        else email.body + "".join(f"<p>{line}</p>" for line in left_out)
    )
    ticket = _answered_ticket(email, contact=contact)
    if ticket is not None:
        # Reopens within the reopen window; later (or once closed), a follow-up linked to the old ticket.
        answered = customer_answer(
            ticket_id=ticket.pk, author=contact, body=body, files=files, is_html=email.is_html, channel=Channel.EMAIL
        )
        state = InboundState.REPLY if answered.pk == ticket.pk else InboundState.TICKET
        return _keep(row, state, "", ticket=answered)
    ticket = ticket_submit(
        customer=contact,
        subject=email.subject or _("(no subject)"),
        description=body,
        channel=Channel.EMAIL,
        files=files,
        is_html=email.is_html,
    )
    return _keep(row, InboundState.TICKET, "", ticket=ticket)


def _answered_ticket(email: IncomingEmail, *, contact: Contact) -> Ticket | None:
    """The ticket this email answers, if its sender may reply on it or follow it up (closed, or resolved
    longer ago than the reopen window): a stranger naming someone else's ticket starts a ticket of its own."""
    for number in ticket_numbers(email.references, email.subject, domain=_our_domain()):
        ticket = Ticket.objects.filter(number=number).first()
        if ticket is None:
            continue
        answer = may_reply(contact, ticket)
        if answer or answer.code in FOLLOW_UP_CODES:
            return ticket
    return None


def _bounce(row: InboundEmail, email: IncomingEmail) -> InboundEmail:
    numbers = ticket_numbers(email.bounce_of, "", domain=_our_domain())
    ticket = Ticket.objects.filter(number__in=numbers).first() if numbers else None
    if ticket is None:
        return _keep(row, InboundState.QUARANTINED, _("A bounce about no ticket of ours."))
    note = _("An email to %(customer)s bounced: the address may be wrong. The bounce: %(subject)s") % {
        "customer": ticket.customer.email,
        "subject": email.subject,
    }
    ticket_machine_note(ticket_id=ticket.pk, body=note, channel=Channel.EMAIL)
    return _keep(row, InboundState.BOUNCE, "", ticket=ticket)


def _within_limits(files: list[Any]) -> tuple[list[File[Any]], list[str]]:
    """The files a ticket accepts (type, size, count); the others are named in the text and stay in the source."""
    kept: list[File[Any]] = []
    left_out: list[str] = []
    for file in files:
        reason = _refusal(file)
        if reason or len(kept) >= settings.DISPATCHDESK_MAX_ATTACHMENTS_PER_MESSAGE:
            left_out.append(
                _("Attachment not kept: %(name)s (%(reason)s)")
                % {"name": file.name, "reason": reason or _("too many files")}
            )
        else:
            kept.append(file)
    return kept, left_out


def _refusal(file: File[Any]) -> str:
    if file.size > settings.DISPATCHDESK_MAX_ATTACHMENT_BYTES:
        return str(_("too large"))
    try:
        attachment_type(file)
    except DomainError as error:
        return error.message
    return ""


def _keep(row: InboundEmail, state: InboundState, reason: str, *, ticket: Ticket | None = None) -> InboundEmail:
    row.state, row.reason, row.ticket = state, str(reason), ticket
    row.save()
    if state == InboundState.QUARANTINED:
        logger.warning("email %s from %s quarantined: %s", row.message_id, row.sender or "?", reason)
    return row


def _our_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "dispatchdesk.localhost"
