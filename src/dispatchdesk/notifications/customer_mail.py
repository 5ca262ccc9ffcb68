"""Email to the customer about their ticket: the confirmation, every public reply, a request for
information, the resolution. In the customer's language, threaded: the confirmation's Message-ID is
the ticket's thread, and every later email answers it (In-Reply-To, References), so mail clients
show one conversation. With a mailbox set up (email in, I2) the customer may simply answer the email:
its Reply-To is the mailbox the ticket came in through, or else the first active one; without one,
answers come back through the ticket's page, and the emails say so."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dispatchdesk.customers.phones import is_placeholder_email
from dispatchdesk.intake.channels.email.marker import REPLY_ABOVE
from dispatchdesk.intake.models import InboundEmail, Mailbox
from dispatchdesk.notifications.draft import Draft, Paragraph, Quoted, draft_from
from dispatchdesk.tickets.models import Message, MessageKind, Ticket
from dispatchdesk.tickets.permissions import may_rate
from dispatchdesk.tickets.ratings import rating_token

REPLY, WAITING, RESOLVED = "reply", "waiting", "resolved"
CHAT_FALLBACK = "chat-fallback"  # a chat nobody answered in time (intake.channels.chat)


def thread_id(ticket: Ticket) -> str:
    """The Message-ID of the ticket's first email, which every later one refers to."""
    return f"<ticket-{ticket.number}@{_domain()}>"


def new_message_id(ticket: Ticket | None, *, starts_thread: bool = False) -> str:
    """A Message-ID for one email: the ticket's thread itself for its first email, else a new one."""
    if ticket is not None and starts_thread:
        return thread_id(ticket)
    stem = f"ticket-{ticket.number}" if ticket is not None else "dispatchdesk"
    return f"<{stem}.{secrets.token_hex(6)}@{_domain()}>"


def customer_draft(
    ticket: Ticket, subject: str, lines: Sequence[Paragraph], *, starts_thread: bool = False
) -> Draft | None:
    """One email to the ticket's customer, answering the thread unless it starts it; None without an
    address (or with the stand-in address of a caller known only by their number). When it may be
    answered by email, it opens with the line the answer is cut at on import."""
    if not ticket.customer.email or is_placeholder_email(ticket.customer.email):
        return None
    root = thread_id(ticket)
    headers = {} if starts_thread else {"In-Reply-To": root, "References": root}
    if reply_to := reply_address(ticket):
        headers["Reply-To"] = reply_to
    with translation.override(ticket.customer.language or settings.LANGUAGE_CODE):
        return draft_from(
            to=ticket.customer.email,
            subject=subject,
            paragraphs=lines,
            link=ticket_link(ticket),
            link_label=_("Open your request"),
            number=ticket.number,
            reply_above=str(REPLY_ABOVE) if reply_to else "",
            headers=headers,
        )


def customer_update_draft(ticket: Ticket, kind: str, message: Message | None) -> Draft | None:
    """A public reply (`message`), a request for information, or the resolution, told to the customer."""
    with translation.override(ticket.customer.language or settings.LANGUAGE_CODE):
        subject, lines = _text(ticket, kind, message or _last_staff_reply(ticket))
    return customer_draft(ticket, subject, lines)


def reply_address(ticket: Ticket) -> str:
    """Where the customer's answer to our email goes: the reply-to of the mailbox the ticket came in
    through, else of the first active mailbox; "" when no mailbox is set up (answers go through the page)."""
    first = InboundEmail.objects.filter(ticket=ticket, mailbox__active=True).select_related("mailbox").first()
    mailbox = first.mailbox if first is not None else Mailbox.objects.filter(active=True).first()
    return (mailbox.reply_to or mailbox.address) if mailbox is not None else ""


def ticket_link(ticket: Ticket) -> str:
    return settings.BASE_URL + reverse("portal:ticket", args=[ticket.access_key])


def rating_link(ticket: Ticket) -> str:
    """The satisfaction invitation for the ticket's current resolution (P2)."""
    return settings.BASE_URL + reverse("portal:rate", args=[rating_token(ticket)])


def _invitation(ticket: Ticket) -> list[str]:
    """The resolution email's invitation to rate, unless this resolution is rated or undone already."""
    if not may_rate(ticket, ticket.reopen_count):
        return []
    return [
        _("How did we do? Rate our answer from 1 to 5 (it takes ten seconds): %(link)s") % {"link": rating_link(ticket)}
    ]


def _text(ticket: Ticket, kind: str, message: Message | None) -> tuple[str, list[Paragraph]]:
    number, link, by_email = ticket.number, ticket_link(ticket), bool(reply_address(ticket))
    said: list[Paragraph] = [Quoted(message.body)] if message is not None else []
    who = message.author.first_name if message is not None and message.author is not None else ""
    if kind == RESOLVED:
        return _("[#%(number)s] Resolved: %(subject)s") % {"number": number, "subject": ticket.subject}, [
            _("We have resolved your request %(number)s.") % {"number": number},
            (
                _("Not solved after all? Reply to this email, or tell us on your request's page: %(link)s")
                if by_email
                else _("Not solved after all? Tell us on your request's page and we will reopen it: %(link)s")
            )
            % {"link": link},
            *_invitation(ticket),
        ]
    if kind == CHAT_FALLBACK:
        return _("[#%(number)s] We will answer by email: %(subject)s") % {
            "number": number,
            "subject": ticket.subject,
        }, [
            _(
                "Thank you for your chat message. We could not answer it in the chat in time, so we will answer your request %(number)s by email."
            )
            % {"number": number},
            (
                _("To add something, reply to this email, or write on your request's page: %(link)s")
                if by_email
                else _("To add something, write on your request's page: %(link)s")
            )
            % {"link": link},
        ]
    if kind == WAITING:
        return _("[#%(number)s] We need your answer: %(subject)s") % {"number": number, "subject": ticket.subject}, [
            _("To go on with your request %(number)s we need information from you.") % {"number": number},
            *said,
            (
                _("Please reply to this email, or answer on your request's page: %(link)s")
                if by_email
                else _("Please answer on your request's page: %(link)s")
            )
            % {"link": link},
        ]
    heading = (
        _("%(agent)s replied to your request %(number)s:") % {"agent": who, "number": number}
        if who
        else _("Our support team replied to your request %(number)s:") % {"number": number}
    )
    return _("[#%(number)s] Re: %(subject)s") % {"number": number, "subject": ticket.subject}, [
        heading,
        *said,
        (
            _("Reply to this email to answer, or follow your request here: %(link)s")
            if by_email
            else _("Answer or follow your request here: %(link)s")
        )
        % {"link": link},
    ]


def _last_staff_reply(ticket: Ticket) -> Message | None:
    replies = ticket.messages.filter(kind=MessageKind.REPLY, author_contact__isnull=True).select_related("author")
    return replies.order_by("-created_at", "-id").first()


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "dispatchdesk.localhost"
