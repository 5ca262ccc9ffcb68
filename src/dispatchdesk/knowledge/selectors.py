"""Reads of the knowledge base (A5) and the suggestions (A1), scoped by who asks.

Staff see every article; customers and visitors only published public ones, in their language
where it has a version, else in the desk's default language, else in any (the help centre's fallback).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet

from dispatchdesk.accounts.models import User
from dispatchdesk.common.lazy import lazy_import
from dispatchdesk.common.process_copy import ProcessCopy
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

if TYPE_CHECKING:
    import numpy as np
else:  # loaded by the first suggestion (decision 0057)
    np = lazy_import("numpy")

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
    index: retrieval.Index
    article_of: dict[int, int]  # version id -> article id
    public: np.ndarray
    # Each article with its current version per language: what a reader is shown, answered without a query.
    articles: dict[int, Article]
    current: dict[int, list[ArticleVersion]]


def _article_stamp() -> tuple[object, ...]:
    """Moves with every article change in any process: a version added or deleted, an article saved."""
    return tuple(
        ArticleVersion.objects.aggregate(
            count=Count("id"), newest=Max("id"), changed=Max("article__updated_at")
        ).values()
    )


def _article_index_built() -> _ArticleIndex:
    """Each article's current version per language, indexed."""
    current: dict[tuple[int, str], ArticleVersion] = {}
    for version in ArticleVersion.objects.select_related("article").order_by("number"):
        current[(version.article_id, version.language)] = version
    versions = list(current.values())
    by_article: dict[int, list[ArticleVersion]] = {}
    for version in versions:
        by_article.setdefault(version.article_id, []).append(version)
    return _ArticleIndex(
        # The title twice: its words say more about the article than the body's.
        index=retrieval.build(
            [f"{v.title}\n{v.title}\n{html_to_text(v.body)}" for v in versions], [v.pk for v in versions]
        ),
        article_of={v.pk: v.article_id for v in versions},
        public=np.array([v.article.is_public for v in versions], dtype=np.bool_),
        articles={v.article_id: v.article for v in versions},
        current=by_article,
    )


# Held per process for the stamp it was built at (exact: no periodic reload needed; decision 0051).
_articles = ProcessCopy(
    "knowledge-articles", _article_index_built, sources=(Article, ArticleVersion), reload_after=math.inf
)


def _article_index_now() -> _ArticleIndex:
    """The articles' index as of now: one aggregate query, and a rebuild when any article changed."""
    return _articles.get(revision=_article_stamp())


def _held_shown(held: _ArticleIndex, article_ids: Iterable[int], language: str) -> list[Shown]:
    """As `shown`, from the process's copy (the stamp query just proved it current)."""
    found = []
    for pk in article_ids:
        version = version_for(held.current.get(pk, []), language)
        if version is not None:
            found.append(Shown(held.articles[pk], version))
    return found


def article_matches(text: str, *, language: str, public_only: bool, limit: int = SUGGESTIONS) -> list[Shown]:
    """The articles best matching `text` (BM25 over titles and texts in every language), each once."""
    return _matches(_article_index_now(), text, language=language, public_only=public_only, limit=limit)


def _matches(held: _ArticleIndex, text: str, *, language: str, public_only: bool, limit: int) -> list[Shown]:
    hits = retrieval.top(held.index, text, limit=limit * 4, allowed=held.public if public_only else None)
    order: list[int] = []
    for version_id, _score in hits:
        article_id = held.article_of[version_id]
        if article_id not in order:
            order.append(article_id)
    return _held_shown(held, order[:limit], language)


# --- the resolved tickets' index: built by the worker, loaded by each process ---------------------


def _newest_build() -> retrieval.Index | None:
    blob = SuggestionIndex.objects.order_by("-id").values_list("data", flat=True).first()
    return None if blob is None else retrieval.load(bytes(blob))


# Held per process for the build's id it was asked for (a newer build is a new id: no periodic reload).
_tickets = ProcessCopy("knowledge-tickets", _newest_build, sources=(SuggestionIndex,), reload_after=math.inf)


def ticket_index() -> retrieval.Index | None:
    """The newest stored build, loaded once per process and build (None before the first build)."""
    newest = SuggestionIndex.objects.order_by("-id").values_list("pk", flat=True).first()
    return None if newest is None else _tickets.get(revision=newest)


@dataclass(frozen=True)
class SimilarTicket:
    """A resolved ticket as the panel shows it: its number, subject and resolution."""

    pk: int
    number: int
    subject: str
    resolution: str  # sanitised HTML
    score: float


def similar_tickets(user: User, ticket: Ticket, *, limit: int = SUGGESTIONS) -> list[SimilarTicket]:
    """The resolved tickets most like this one that `user` may see, best first, with their resolution."""
    index = ticket_index()
    if index is None:
        return []
    hits = retrieval.top(index, question_text(ticket.subject, ticket.description), limit=CANDIDATES)
    # Rank by the index's order (best first; equal scores in index order, so the answer is the same each time).
    rank = {pk: (position, score) for position, (pk, score) in enumerate(hits) if pk != ticket.pk}
    # One query: the candidates `user` may see (the one rule, tickets_visible_to), only the columns shown.
    rows = (
        tickets_visible_to(user)
        .filter(pk__in=rank)
        .annotate(resolution=staff_resolution())
        .order_by()  # ranked here, by the index
        .values_list("pk", "number", "subject", "resolution")
    )
    best = sorted(rows, key=lambda row: rank[row[0]][0])[:limit]
    return [
        SimilarTicket(pk, number, subject, resolution or "", rank[pk][1]) for pk, number, subject, resolution in best
    ]


def ticket_for_suggestions(user: User, ticket_id: int) -> Ticket:
    """The ticket the panel suggests for, if `user` may see it (Ticket.DoesNotExist otherwise), with only
    the columns the panel and its permission checks read: the full row joins seven tables."""
    return (
        tickets_visible_to(user)
        .select_related(None)
        .only("number", "subject", "description", "language", "status", "resolved_at", "customer_id")
        .get(pk=ticket_id)
    )


@dataclass(frozen=True)
class Suggestions:
    """The ticket page's panel: similar resolved tickets, matching articles, and the articles already linked."""

    similar: list[SimilarTicket]
    articles: list[Shown]
    linked: list[Shown]


def suggestions_for(user: User, ticket: Ticket) -> Suggestions:
    """Everything the panel shows, for a ticket `user` may see (ticket_for_suggestions)."""
    held = _article_index_now()
    # The ticket's text as stored (HTML and all): what the articles were always matched against.
    text = f"{ticket.subject}\n{ticket.description}"
    linked = TicketArticle.objects.filter(ticket=ticket).values_list("article_id", flat=True)
    return Suggestions(
        similar=similar_tickets(user, ticket),
        articles=_matches(held, text, language=ticket.language, public_only=False, limit=SUGGESTIONS),
        linked=_held_shown(held, linked, ticket.language),
    )


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
