"""Reads of the knowledge base (A5) and the suggestions (A1), scoped by who asks.

Staff see every article; customers and visitors only published public ones, in their language
where it has a version, else in the desk's default language, else in any (the help centre's fallback).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet

from dispatchdesk.accounts.models import User
from dispatchdesk.common.sanitize import html_to_text
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
from dispatchdesk.knowledge.texts import question_text, staff_resolution
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.tickets.selectors import tickets_visible_to

SUGGESTIONS = 5
# Candidates read from the ticket index before dropping those the agent may not see.
CANDIDATES = 25


@dataclass(frozen=True)
class Shown:
    """An article as one reader sees it: its text in the version chosen for their language."""

    article: Article
    version: ArticleVersion

    @property
    def title(self) -> str:
        return self.version.title


def public_articles() -> QuerySet[Article]:
    return Article.objects.filter(visibility=Visibility.PUBLIC, status=ArticleStatus.PUBLISHED)


def articles_for(user: User | None) -> QuerySet[Article]:
    """Every article for staff; the help centre's for everyone else."""
    if user is not None and user.is_staff_member:
        return Article.objects.all()
    return public_articles()


def version_for(versions: Iterable[ArticleVersion], language: str) -> ArticleVersion | None:
    """The newest version in `language`, else in the default language, else the newest in any."""
    newest: dict[str, ArticleVersion] = {}
    for version in sorted(versions, key=lambda v: v.number):
        newest[version.language] = version
    chosen = newest.get(language) or newest.get(settings.LANGUAGE_CODE)
    return chosen or max(newest.values(), key=lambda v: v.created_at, default=None)


def shown(articles: Iterable[Article], language: str) -> list[Shown]:
    """Articles with their text for `language`, in the given order, in one query for all versions."""
    articles = list(articles)
    versions: dict[int, list[ArticleVersion]] = {}
    for version in ArticleVersion.objects.filter(article__in=articles):
        versions.setdefault(version.article_id, []).append(version)
    found = ((article, version_for(versions.get(article.pk, []), language)) for article in articles)
    return [Shown(article, version) for article, version in found if version is not None]


def article_shown(user: User | None, article_id: int, language: str) -> Shown:
    """One article for its page; Article.DoesNotExist when this reader may not read it."""
    article = articles_for(user).select_related("category").get(pk=article_id)
    found = shown([article], language)
    if not found:
        raise Article.DoesNotExist
    return found[0]


def article_history(article: Article) -> QuerySet[ArticleVersion]:
    return article.versions.select_related("author").order_by("language", "-number")


def article_file(user: User | None, token: str) -> ArticleFile:
    return ArticleFile.objects.get(token=token, article__in=articles_for(user))


def articles_found(user: User | None, *, query: str, language: str, limit: int = 50) -> list[Shown]:
    """The articles this reader may read: best match first for a query, else the newest first."""
    allowed = articles_for(user)
    if not query.strip():
        return shown(allowed.select_related("category")[:limit], language)
    return article_matches(query, language=language, public_only=not (user and user.is_staff_member), limit=limit)


# --- the article index: small, rebuilt in each process when an article changes ----------------------


@dataclass(frozen=True)
class _ArticleIndex:
    stamp: tuple[object, ...]
    index: retrieval.Index
    article_of: dict[int, int]  # version id -> article id
    public: np.ndarray


_article_lock = threading.Lock()
# One copy per process, replaced whole (a holder rather than `global`).
_held_articles: list[_ArticleIndex] = []


def _article_index_now() -> _ArticleIndex:
    """Each article's current version per language, indexed; rebuilt when any article changed."""
    stamp = tuple(
        ArticleVersion.objects.aggregate(
            count=Count("id"), newest=Max("id"), changed=Max("article__updated_at")
        ).values()
    )
    with _article_lock:
        if not _held_articles or _held_articles[0].stamp != stamp:
            current: dict[tuple[int, str], ArticleVersion] = {}
            for version in ArticleVersion.objects.select_related("article").order_by("number"):
                current[(version.article_id, version.language)] = version
            versions = list(current.values())
            _held_articles[:] = [
                _ArticleIndex(
                    stamp=stamp,
                    # The title twice: its words say more about the article than the body's.
                    index=retrieval.build(
                        [f"{v.title}\n{v.title}\n{html_to_text(v.body)}" for v in versions], [v.pk for v in versions]
                    ),
                    article_of={v.pk: v.article_id for v in versions},
                    public=np.array([v.article.is_public for v in versions], dtype=np.bool_),
                )
            ]
        return _held_articles[0]


def article_matches(text: str, *, language: str, public_only: bool, limit: int = SUGGESTIONS) -> list[Shown]:
    """The articles best matching `text` (BM25 over titles and texts in every language), each once."""
    held = _article_index_now()
    hits = retrieval.top(held.index, text, limit=limit * 4, allowed=held.public if public_only else None)
    order: list[int] = []
    for version_id, _score in hits:
        article_id = held.article_of[version_id]
        if article_id not in order:
            order.append(article_id)
    articles = Article.objects.in_bulk(order[:limit])
    return shown([articles[pk] for pk in order[:limit] if pk in articles], language)


# --- the resolved tickets' index: built by the worker, loaded by each process ---------------------


_ticket_lock = threading.Lock()
_held_tickets: list[tuple[int, retrieval.Index]] = []  # the build's id and its index, one per process


def ticket_index() -> retrieval.Index | None:
    """The newest stored build, loaded once per process and build (None before the first build)."""
    newest = SuggestionIndex.objects.order_by("-id").values_list("pk", flat=True).first()
    if newest is None:
        return None
    with _ticket_lock:
        if not _held_tickets or _held_tickets[0][0] != newest:
            blob = SuggestionIndex.objects.filter(pk=newest).values_list("data", flat=True).first()
            if blob is None:  # replaced between the two reads: keep what we have
                return _held_tickets[0][1] if _held_tickets else None
            _held_tickets[:] = [(newest, retrieval.load(bytes(blob)))]
        return _held_tickets[0][1]


@dataclass(frozen=True)
class SimilarTicket:
    ticket: Ticket
    resolution: str  # sanitised HTML
    score: float


def similar_tickets(user: User, ticket: Ticket, *, limit: int = SUGGESTIONS) -> list[SimilarTicket]:
    """The resolved tickets most like this one that `user` may see, best first, with their resolution."""
    index = ticket_index()
    if index is None:
        return []
    hits = retrieval.top(index, question_text(ticket.subject, ticket.description), limit=CANDIDATES)
    scores = {pk: score for pk, score in hits if pk != ticket.pk}
    # Who may see which: the one rule (tickets_visible_to), asked for ids only, without its SLA columns.
    visible = tickets_visible_to(user).filter(pk__in=scores).values_list("pk", flat=True)
    best = sorted(visible, key=lambda pk: -scores[pk])[:limit]
    rows = Ticket.objects.filter(pk__in=best).annotate(resolution=staff_resolution()).only("number", "subject")
    found = {row.pk: row for row in rows}
    return [SimilarTicket(found[pk], found[pk].resolution or "", scores[pk]) for pk in best if pk in found]


def linked_articles(ticket: Ticket, language: str) -> list[Shown]:
    links = TicketArticle.objects.filter(ticket=ticket).select_related("article")
    return shown((link.article for link in links), language)


@dataclass(frozen=True)
class Deflection:
    """Visits that read an article the request form suggested, and those of them that sent no request."""

    visits: int
    abandoned: int

    @property
    def share(self) -> float | None:
        return self.abandoned / self.visits if self.visits else None


def deflection(*, since: datetime, until: datetime) -> Deflection:
    """Of the visits whose first suggested read fell in [since, until): how many sent no request within
    the window after a read (decision 0045). A visit still inside its window counts as abandoned so far."""
    visits = (
        SuggestionRead.objects.filter(read_at__gte=since, read_at__lt=until)
        .values("visit")
        .annotate(requested=Count("id", filter=Q(requested_at__isnull=False)))
    )
    total = abandoned = 0
    for row in visits:
        total += 1
        abandoned += row["requested"] == 0
    return Deflection(visits=total, abandoned=abandoned)
