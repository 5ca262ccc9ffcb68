"""The words the suggestion index reads: a ticket's question, and the resolution a resolved one received."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import OuterRef, Subquery

from dispatchdesk.common.sanitize import html_to_text
from dispatchdesk.tickets.models import Message, MessageKind, Ticket

# Enough of a long description to know what it is about; the index stays small.
QUESTION_CHARS = 2000
RESOLUTION_CHARS = 1000


def question_text(subject: str, description_html: str) -> str:
    return f"{subject}\n{html_to_text(description_html)[:QUESTION_CHARS]}"


def staff_resolution() -> Subquery:
    """A ticket's resolution: the last public reply staff wrote (the answer the customer accepted)."""
    replies = Message.objects.filter(ticket=OuterRef("pk"), kind=MessageKind.REPLY, author__isnull=False)
    return Subquery(replies.order_by("-created_at", "-id").values("body")[:1])


def resolution_of(ticket_ids: Iterable[int]) -> dict[int, str]:
    """Each ticket's resolution as stored (sanitised HTML), for the tickets that have one."""
    rows = Ticket.objects.filter(pk__in=list(ticket_ids)).annotate(resolution=staff_resolution())
    return {pk: body for pk, body in rows.values_list("pk", "resolution") if body}


def resolved_tickets_text(*, limit: int) -> tuple[list[int], list[str], datetime | None]:
    """The newest `limit` resolved tickets (resolved or closed after a resolution, not merged away):
    their ids, the text to index (question and resolution), and the newest resolution time."""
    rows = (
        Ticket.objects.filter(resolved_at__isnull=False, merged_into__isnull=True)
        .order_by("-resolved_at", "-id")
        .annotate(resolution=staff_resolution())
        .values_list("pk", "subject", "description", "resolution", "resolved_at")[:limit]
    )
    keys: list[int] = []
    texts: list[str] = []
    until: datetime | None = None
    for pk, subject, description, resolution, resolved_at in rows.iterator(chunk_size=2000):
        keys.append(pk)
        texts.append(f"{question_text(subject, description)}\n{html_to_text(resolution or '')[:RESOLUTION_CHARS]}")
        until = until or resolved_at
    return keys, texts, until
