"""What a chat's visitor may read: their session (by its token) and the public side of its conversation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from dispatchdesk.common.sanitize import html_to_text
from dispatchdesk.intake.channels.chat.services import token_digest
from dispatchdesk.intake.models import ChatSession, ChatWidget
from dispatchdesk.tickets.models import Message
from dispatchdesk.tickets.selectors import public_messages

PAGE = 200


def active_widget(key: str) -> ChatWidget | None:
    return ChatWidget.objects.filter(key=key, active=True).first()


def session_for(*, widget: ChatWidget, token: str) -> ChatSession | None:
    """The widget's session this token opens; None for any other token (or another widget's)."""
    found = ChatSession.objects.select_related("ticket__customer").filter(
        widget=widget, token_digest=token_digest(token)
    )
    return found.first()


@dataclass(frozen=True)
class ChatLine:
    id: int
    by_visitor: bool
    author: str  # the agent's first name, or the visitor's name
    text: str
    at: datetime


def chat_lines(*, session: ChatSession, after: int = 0) -> list[ChatLine]:
    """Public messages after the message id `after`, oldest first; internal notes never."""
    messages: QuerySet[Message] = public_messages(session.ticket).filter(pk__gt=after).order_by("created_at", "id")
    return [_line(message, session) for message in messages[:PAGE]]


def _line(message: Message, session: ChatSession) -> ChatLine:
    by_visitor = message.author_contact_id is not None
    if by_visitor:
        author = session.visitor_name
    else:
        author = (message.author.first_name or str(message.author)) if message.author is not None else ""
    return ChatLine(
        id=message.pk, by_visitor=by_visitor, author=author, text=html_to_text(message.body), at=message.created_at
    )
