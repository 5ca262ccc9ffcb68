"""Live chat (I4, docs/decisions/0032-chat.md): a visitor on a website starts a chat, which is a
ticket through the front door; each line is a public reply on it; an unanswered or abandoned chat
falls back to email.

The visitor is known by the token `chat_start` returns (only its digest is stored). Every message on a
chat ticket, from either side and from any page, moves the session (`chat_note_reply`, subscribed to
TicketReplied) and is announced on the chat's and the ticket's live topics.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from dispatchdesk.common import clock, live
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.events import publish
from dispatchdesk.common.rate_limit import within_limit
from dispatchdesk.customers.services import contact_for_visitor
from dispatchdesk.intake.events import ChatFellBack
from dispatchdesk.intake.models import ChatSession, ChatState, ChatWidget
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.events import TicketReplied
from dispatchdesk.tickets.models import Channel, Message
from dispatchdesk.tickets.services.conversation import ticket_machine_note, ticket_reply
from dispatchdesk.tickets.services.fields import TicketFields

SUBJECT_CHARS = 80
WINDOW_S = 3600


def chat_topic(session_id: int) -> str:
    return f"chat:{session_id}"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def chat_start(
    *, widget: ChatWidget, name: str, email: str, message: str, address: str, language: str
) -> tuple[ChatSession, str]:
    """Open a chat: the contact found or added, the ticket submitted (routed to the widget's group and
    skill, dispatched), the session opened; all or nothing. Returns the session and the visitor's token."""
    name, email = name.strip(), email.strip()
    _require_person(name, email)
    check_message(message)
    if not within_limit("chat-start", address, limit=settings.DISPATCHDESK_CHAT_STARTS_PER_ADDRESS, window_s=WINDOW_S):
        raise DomainError(
            _("Many chats were started from your network in the last hour. Please try again later."),
            code="rate_limited",
            status=429,
        )
    token = secrets.token_urlsafe(32)
    now = clock.now()
    with transaction.atomic():
        customer = contact_for_visitor(name=name, email=email, language=language)
        ticket = ticket_submit(
            customer=customer,
            subject=_subject(message),
            description=message,
            channel=Channel.CHAT,
            actor=None,
            fields=_routing(widget),
        )
        session = ChatSession.objects.create(
            widget=widget,
            ticket=ticket,
            token_digest=token_digest(token),
            visitor_name=name,
            visitor_email=email,
            started_at=now,
            last_activity=now,
            waiting_since=now,
        )
        _announce(session, message_id=None)
    return session, token


def chat_say(*, session: ChatSession, body: str) -> Message:
    """The visitor's next line: a public reply by the ticket's customer, in the chat's channel."""
    check_message(body)
    if session.state != ChatState.OPEN:
        raise DomainError(_("This chat has ended. We will answer you by email."), code="chat_ended", status=409)
    return ticket_reply(ticket_id=session.ticket_id, author=session.ticket.customer, body=body, channel=Channel.CHAT)


def chat_end(*, session_id: int) -> ChatSession:
    """The visitor left: an unanswered chat falls back to email, an answered one just ends."""
    with transaction.atomic():
        session = ChatSession.objects.select_for_update().select_related("widget").get(pk=session_id)
        if session.state != ChatState.OPEN:
            return session  # ended twice (a second tab, a retried request): nothing more to do
        if session.waiting_since is not None:
            _fall_back(session, reason=_("The visitor left the chat before anyone answered."))
        else:
            _close(session, ChatState.ENDED)
    return session


def chat_sweep() -> dict[str, int]:
    """The worker's periodic look (idempotent): chats unanswered for the fallback time go to email;
    answered chats silent for the idle time end, so later replies are emailed again."""
    now = clock.now()
    unanswered = ChatSession.objects.filter(
        state=ChatState.OPEN, waiting_since__lte=now - timedelta(minutes=settings.DISPATCHDESK_CHAT_FALLBACK_MINUTES)
    ).values_list("pk", flat=True)
    idle = ChatSession.objects.filter(
        state=ChatState.OPEN,
        waiting_since__isnull=True,
        last_activity__lte=now - timedelta(minutes=settings.DISPATCHDESK_CHAT_IDLE_MINUTES),
    ).values_list("pk", flat=True)
    fallen = sum(_fall_back_unanswered(pk) for pk in list(unanswered))
    ended = sum(_end_idle(pk) for pk in list(idle))
    return {"fallen_back": fallen, "ended": ended}


def chat_note_reply(replied: TicketReplied) -> None:
    """Any public reply on a chat ticket (the visitor's, an agent's from the ticket page or the API):
    a customer's starts the wait for an answer, staff's ends it; both are announced live."""
    session = ChatSession.objects.filter(ticket_id=replied.ticket.pk).first()
    if session is None:
        return
    if session.state == ChatState.OPEN:
        now = clock.now()
        session.last_activity = now
        session.waiting_since = (session.waiting_since or now) if replied.by_customer else None
        session.save(update_fields=["last_activity", "waiting_since"])
    _announce(session, message_id=replied.message.pk)


def check_message(body: str) -> None:
    """A chat line is neither empty nor longer than DISPATCHDESK_CHAT_MAX_CHARS (checked before anything is written)."""
    limit: int = settings.DISPATCHDESK_CHAT_MAX_CHARS
    if not body.strip():
        raise DomainError(_("Please write a message."), code="text_required", status=422)
    if len(body) > limit:
        raise DomainError(
            _("A chat message may have at most %(limit)d characters.") % {"limit": limit},
            code="text_too_long",
            status=413,
        )


def _require_person(name: str, email: str) -> None:
    if not name or len(name) > 200:  # noqa: PLR2004 - the column's length
        raise DomainError(_("Please give your name (at most 200 characters)."), code="name_required", status=422)
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("Please give a valid email address."), code="email_invalid", status=422) from None


def _subject(message: str) -> str:
    first = message.strip().splitlines()[0].strip()
    start = first if len(first) <= SUBJECT_CHARS else first[: SUBJECT_CHARS - 1].rstrip() + "…"
    return _("Chat: %(start)s") % {"start": start}


def _routing(widget: ChatWidget) -> TicketFields:
    """The widget's group and skill, given as manual fields: routing rules decide the rest."""
    fields: TicketFields = {}
    if widget.group is not None:
        fields["group"] = widget.group
    if widget.skill is not None:
        fields["required_skills"] = [widget.skill]
    return fields


def _fall_back_unanswered(session_id: int) -> bool:
    with transaction.atomic():
        session = ChatSession.objects.select_for_update().select_related("widget").get(pk=session_id)
        if session.state != ChatState.OPEN or session.waiting_since is None:
            return False  # answered or ended while the sweep looked
        minutes = settings.DISPATCHDESK_CHAT_FALLBACK_MINUTES
        if session.waiting_since > clock.now() - timedelta(minutes=minutes):
            return False
        _fall_back(session, reason=_("Nobody answered the chat within %(minutes)d minutes.") % {"minutes": minutes})
    return True


def _end_idle(session_id: int) -> bool:
    with transaction.atomic():
        session = ChatSession.objects.select_for_update().get(pk=session_id)
        if session.state != ChatState.OPEN or session.waiting_since is not None:
            return False
        _close(session, ChatState.ENDED)
    return True


def _fall_back(session: ChatSession, *, reason: str) -> None:
    """Mark the session, note it on the ticket (whose channel stays chat) and email the customer (ChatFellBack)."""
    _close(session, ChatState.FALLEN_BACK)
    ticket_machine_note(
        ticket_id=session.ticket_id,
        channel=Channel.CHAT,
        label=session.widget.name,
        body=reason + " " + _("The customer was told by email that we will answer by email."),
    )
    publish(ChatFellBack(ticket_id=session.ticket_id, session_id=session.pk))


def _close(session: ChatSession, state: ChatState) -> None:
    session.state, session.ended_at = state, clock.now()
    session.save(update_fields=["state", "ended_at"])
    _announce(session, message_id=None)


def _announce(session: ChatSession, *, message_id: int | None) -> None:
    """Tell the visitor's widget and the ticket's open pages (after commit); they fetch what changed."""
    live.publish(
        {chat_topic(session.pk), live.ticket_topic(session.ticket_id)},
        "chat",
        id=session.pk,  # what changed: one message per chat and transaction (common.live batches by id)
        ticket=session.ticket_id,
        session=session.pk,
        message=message_id,
        state=session.state,
    )
