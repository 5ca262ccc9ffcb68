"""The knowledge base's writers (A5) and the suggestion index's rebuild (A1)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import User
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.sanitize import strip_bidi_controls
from dispatchdesk.knowledge import retrieval
from dispatchdesk.knowledge.models import (
    Article,
    ArticleFile,
    ArticleStatus,
    ArticleVersion,
    SuggestionIndex,
    SuggestionRead,
    TicketArticle,
    Visibility,
)
from dispatchdesk.knowledge.texts import resolution_of, resolved_tickets_text
from dispatchdesk.tickets.models import Category, Ticket
from dispatchdesk.tickets.permissions import (
    may_publish_articles,
    may_reply,
    may_write_article_from,
    may_write_articles,
)
from dispatchdesk.tickets.services.validation import attachment_name, check_attachments, clean_body

TITLE_LIMIT = 200
# A visit that reads a suggested article and sends a request within this span was not deflected.
DEFLECTION_WINDOW = timedelta(minutes=30)


def clean_title(title: str) -> str:
    title = " ".join(strip_bidi_controls(title).split())
    if not title:
        raise DomainError(_("The title must not be empty."), code="title_required", status=422)
    if len(title) > TITLE_LIMIT:
        raise DomainError(
            _("The title is longer than %(limit)d characters.") % {"limit": TITLE_LIMIT},
            code="title_too_long",
            status=422,
        )
    return title


def clean_language(language: str) -> str:
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("This language is not one the desk speaks."), code="unknown_language", status=422)
    return language


@transaction.atomic
def article_save(
    *,
    actor: User,
    article_id: int | None,
    language: str,
    title: str,
    body: str,
    category: Category | None,
    visibility: str,
    published: bool,
    files: Sequence[File[Any]] = (),
) -> Article:
    """Create an article or save a new version of its text in `language` (the history is kept).

    Staff write drafts and internal articles; what customers would read (public and published)
    needs may_publish_articles. The body is HTML, sanitised like a message's."""
    may_write_articles(actor).require()
    title, language = clean_title(title), clean_language(language)
    html = clean_body(body, is_html=True)
    content_types = check_attachments(files)
    if visibility not in Visibility.values:
        raise DomainError(_("Choose who may read the article."), code="unknown_visibility", status=422)
    status = ArticleStatus.PUBLISHED if published else ArticleStatus.DRAFT
    if article_id is None:
        article = Article(created_by=actor)
    else:
        article = Article.objects.select_for_update().get(pk=article_id)
        if article.is_public:  # changing what customers read now is publishing too
            may_publish_articles(actor).require()
    if visibility == Visibility.PUBLIC and published:
        may_publish_articles(actor).require()
    article.category, article.visibility, article.status = category, visibility, status
    article.updated_at = clock.now()
    article.save()
    _version_add(article, actor=actor, language=language, title=title, body=html)
    _files_add(article, files, content_types)
    return article


def _version_add(article: Article, *, actor: User, language: str, title: str, body: str) -> None:
    """A new version when the text changed; saving the same text again adds none."""
    current = article.versions.filter(language=language).order_by("-number").first()
    if current is not None and (current.title, current.body) == (title, body):
        return
    number = (current.number if current is not None else 0) + 1
    ArticleVersion.objects.create(
        article=article, language=language, number=number, title=title, body=body, author=actor
    )


def _files_add(article: Article, files: Sequence[File[Any]], content_types: list[str]) -> None:
    for file, content_type in zip(files, content_types, strict=True):
        stored = ArticleFile(
            article=article,
            token=secrets.token_hex(16),
            filename=attachment_name(file),
            content_type=content_type,
            size=file.size or 0,
        )
        stored.file.save(stored.filename, file, save=False)
        stored.save()


@transaction.atomic
def article_draft_from_ticket(*, ticket_id: int, actor: User) -> Article:
    """A draft, internal article from a resolved ticket: its question, then its resolution (A5)."""
    ticket = Ticket.objects.get(pk=ticket_id)
    may_write_article_from(actor, ticket).require()
    resolution = resolution_of([ticket.pk]).get(ticket.pk, "")
    body = (
        f"<h2>{_('Question')}</h2>{ticket.description or ''}"
        f"<h2>{_('Solution')}</h2>{resolution or '<p>' + _('(no reply was written)') + '</p>'}"
    )
    article = Article.objects.create(
        created_by=actor, category=ticket.category, source_ticket=ticket, updated_at=clock.now()
    )
    language = ticket.language if ticket.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    _version_add(article, actor=actor, language=language, title=ticket.subject, body=clean_body(body, is_html=True))
    return article


def article_feedback(*, article_id: int, helpful: bool) -> None:
    """ "Was this helpful?": one more yes or no on a public article (counted, not attributed)."""
    counter = "helpful_yes" if helpful else "helpful_no"
    updated = Article.objects.filter(
        pk=article_id, visibility=Visibility.PUBLIC, status=ArticleStatus.PUBLISHED
    ).update(**{counter: F(counter) + 1})
    if not updated:
        raise DomainError(_("This article is not in the help centre."), code="not_found", status=404)


@transaction.atomic
def article_link(*, ticket_id: int, article_id: int, actor: User) -> TicketArticle:
    """Link a public article from a ticket, as its link goes into the reply to the customer."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket_id)
    may_reply(actor, ticket).require()
    article = Article.objects.filter(pk=article_id).first()
    if article is None or not article.is_public:
        raise DomainError(
            _("Only a published public article can be sent to a customer."), code="article_not_public", status=409
        )
    link, _created = TicketArticle.objects.get_or_create(ticket=ticket, article=article, defaults={"linked_by": actor})
    return link


def suggestion_read(*, visit: str, article_id: int) -> SuggestionRead:
    """A visitor opened an article the request form suggested (deflection, decision 0045)."""
    return SuggestionRead.objects.create(visit=visit, article_id=article_id)


def suggestion_reads_requested(*, visit: str) -> int:
    """The visit sent a request: its reads within the window were not a deflection."""
    now = clock.now()
    reads = SuggestionRead.objects.filter(visit=visit, requested_at__isnull=True, read_at__gte=now - DEFLECTION_WINDOW)
    count: int = reads.update(requested_at=now)
    return count


def suggestion_index_rebuild(*, size: int | None = None) -> SuggestionIndex:
    """Index the newest resolved tickets (at most `size`, the setting by default) for every process to load.

    Older builds are deleted after the new one is stored; a process holding one keeps it until it
    sees the newer id. Idempotent: the worker may run it twice."""
    cap: int = size if size is not None else settings.DISPATCHDESK_SUGGESTION_INDEX_SIZE
    keys, texts, until = resolved_tickets_text(limit=cap)
    blob = retrieval.dump(retrieval.build(texts, keys))
    with transaction.atomic():
        built = SuggestionIndex.objects.create(size=len(keys), resolved_until=until, data=blob)
        SuggestionIndex.objects.filter(pk__lt=built.pk).delete()
    return built


def suggestion_index_due() -> bool:
    """Whether the newest build is old enough to redo (the setting's minutes) and a ticket was resolved
    after it, or none was made: the worker's sweep asks every minute, the tickets only when the age allows."""
    newest = SuggestionIndex.objects.order_by("-id").values("built_at", "resolved_until").first()
    if newest is None:
        return Ticket.objects.filter(resolved_at__isnull=False).exists()
    pause = timedelta(minutes=settings.DISPATCHDESK_SUGGESTION_REBUILD_MINUTES)
    if clock.now() - newest["built_at"] < pause:
        return False
    until = newest["resolved_until"]
    return Ticket.objects.filter(resolved_at__isnull=False, **({"resolved_at__gt": until} if until else {})).exists()


__all__ = [
    "article_draft_from_ticket",
    "article_feedback",
    "article_link",
    "article_save",
    "suggestion_index_due",
    "suggestion_index_rebuild",
    "suggestion_read",
    "suggestion_reads_requested",
]
