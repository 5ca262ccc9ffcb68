"""Public replies and internal notes, with their attachments (T4)."""

import secrets
from collections.abc import Sequence
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from dispatchdesk.common.events import publish
from dispatchdesk.customers.models import Contact
from dispatchdesk.tickets import workflow
from dispatchdesk.tickets.events import TicketReplied
from dispatchdesk.tickets.models import Attachment, Channel, EventKind, Message, MessageKind, Status, Ticket
from dispatchdesk.tickets.permissions import may_add_note, may_reply
from dispatchdesk.tickets.services.status import apply_transition
from dispatchdesk.tickets.services.timeline import timeline_record
from dispatchdesk.tickets.services.validation import MimeFile, attachment_name, check_attachments, clean_body


def message_store(
    *,
    ticket: Ticket,
    kind: MessageKind,
    body_html: str,
    author: User | None,
    author_contact: Contact | None,
    channel: str,
    files: Sequence[File[Any]],
) -> Message:
    """Write a message and its files; callers have already validated both."""
    content_types = check_attachments(files)
    message = Message.objects.create(
        ticket=ticket, kind=kind, body=body_html, author=author, author_contact=author_contact, channel=channel
    )
    for file, content_type in zip(files, content_types, strict=True):
        attachment = Attachment(
            message=message,
            token=secrets.token_hex(16),
            filename=attachment_name(file),
            content_type=content_type,
            size=file.size or 0,
            content_id=file.content_id if isinstance(file, MimeFile) else "",
        )
        attachment.file.save(attachment.filename, file, save=False)
        attachment.save()
    return message


@transaction.atomic
def ticket_reply(
    *,
    ticket_id: int,
    author: User | Contact,
    body: str,
    files: Sequence[File[Any]] = (),
    is_html: bool = False,
    channel: str = Channel.WEB,
) -> Message:
    """A public reply by staff or by the ticket's customer: a signed-in user, or the contact itself
    (through the ticket's link, or by email). A customer's reply resumes waiting work and reopens
    resolved work; either way the reply is announced (TicketReplied) for the people to be told."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
    may_reply(author, ticket).require()
    user, contact = _people(author, ticket)
    message = message_store(
        ticket=ticket,
        kind=MessageKind.REPLY,
        body_html=clean_body(body, is_html=is_html),
        author=user,
        author_contact=contact,
        channel=channel,
        files=files,
    )
    label = contact.name if contact is not None and user is None else ""
    timeline_record(ticket=ticket, kind=EventKind.REPLY, actor=user, public=True, message=message, actor_label=label)
    reopened = False
    if contact is None:
        _note_first_response(ticket)
    else:
        reopened = _wake_on_customer_reply(ticket, user)
    ticket.updated_at = clock.now()
    ticket.save(update_fields=["first_response_at", "updated_at"])
    publish(TicketReplied(ticket, message, by_customer=contact is not None, reopened=reopened))
    return message


@transaction.atomic
def ticket_add_note(
    *, ticket_id: int, author: User, body: str, files: Sequence[File[Any]] = (), is_html: bool = False
) -> Message:
    """An internal note: staff only, never shown to the customer."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
    may_add_note(author, ticket).require()
    html = clean_body(body, is_html=is_html)
    message = message_store(
        ticket=ticket,
        kind=MessageKind.NOTE,
        body_html=html,
        author=author,
        author_contact=None,
        channel=Channel.WEB,
        files=files,
    )
    timeline_record(ticket=ticket, kind=EventKind.NOTE, actor=author, public=False, message=message)
    ticket.updated_at = clock.now()
    ticket.save(update_fields=["updated_at"])
    return message


def _people(author: User | Contact, ticket: Ticket) -> tuple[User | None, Contact | None]:
    """(the user, the customer contact) behind a reply; staff write as users, customers as their contact."""
    if isinstance(author, Contact):
        return None, author
    if author.is_staff_member:
        return author, None
    # A signed-in customer writes as their own contact (an organisation admin on a colleague's ticket too).
    contact = getattr(author, "contact", None)
    return author, contact if isinstance(contact, Contact) else ticket.customer


def _note_first_response(ticket: Ticket) -> None:
    if ticket.first_response_at is None:
        ticket.first_response_at = clock.now()


def _wake_on_customer_reply(ticket: Ticket, author: User | None) -> bool:
    """The customer answered: waiting work resumes, resolved work reopens. True if it reopened."""
    reopens = workflow.is_reopen(ticket.status, Status.IN_PROGRESS)
    if ticket.status == Status.AWAITING_CUSTOMER or reopens:
        target = Status.IN_PROGRESS if ticket.assignee_id else Status.NEW
        apply_transition(ticket, target, actor=author, reason=_("Customer replied"))
    return reopens


@transaction.atomic
def ticket_machine_note(*, ticket_id: int, body: str, channel: str, label: str = "") -> Message:
    """An internal note no person wrote (a bounced email, an alert source): staff see it, the customer never
    does. No person wrote it, so no permission applies; `label` names the machine on the timeline."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
    message = message_store(
        ticket=ticket,
        kind=MessageKind.NOTE,
        body_html=clean_body(body, is_html=False),
        author=None,
        author_contact=None,
        channel=channel,
        files=(),
    )
    timeline_record(ticket=ticket, kind=EventKind.NOTE, actor=None, public=False, message=message, actor_label=label)
    ticket.updated_at = clock.now()
    ticket.save(update_fields=["updated_at"])
    return message
