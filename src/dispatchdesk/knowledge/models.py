"""The knowledge base (A5): articles, their versions per language, files, links from tickets, and the
deflection record of the portal's suggestions; and the stored suggestion index (A1)."""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dispatchdesk.common import clock
from dispatchdesk.tickets.models import Category, Ticket


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: in the help centre")
    INTERNAL = "internal", _("Internal: staff only")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Article(models.Model):
    """One piece of knowledge; its text lives in versions, one history per language."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    status = models.CharField(_("status"), max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    # The resolved ticket an agent turned into this article, if any.
    source_ticket = models.ForeignKey(
        Ticket, verbose_name=_("made from ticket"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=clock.now)
    updated_at = models.DateTimeField(_("updated"), default=clock.now, db_index=True)
    helpful_yes = models.PositiveIntegerField(_("found it helpful"), default=0)
    helpful_no = models.PositiveIntegerField(_("did not find it helpful"), default=0)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return f"KB-{self.pk}"

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC and self.status == ArticleStatus.PUBLISHED


class ArticleVersion(models.Model):
    """An article's text in one language as saved once: the newest per language is the current one."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions", verbose_name=_("article"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Sanitised HTML"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("saved"), default=clock.now)

    class Meta:
        ordering = ["article", "language", "-number"]
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        constraints = [
            models.UniqueConstraint(fields=["article", "language", "number"], name="article_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language} v{self.number})"


def article_file_path(instance: ArticleFile, filename: str) -> str:
    # Never the uploaded name: no path tricks, no clashes (as for tickets' attachments).
    extension = mimetypes.guess_extension(instance.content_type) or ""
    return f"articles/{instance.article_id}/{instance.token}{extension}"


class ArticleFile(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="files", verbose_name=_("article"))
    file = models.FileField(_("file"), upload_to=article_file_path, max_length=255)
    token = models.CharField(max_length=32, unique=True, editable=False)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("article file")
        verbose_name_plural = _("article files")

    def __str__(self) -> str:
        return self.filename

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class TicketArticle(models.Model):
    """An article linked from a ticket (an agent inserted its link into a reply)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="article_links", verbose_name=_("ticket"))
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="ticket_links", verbose_name=_("article")
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("linked by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("linked"), default=clock.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("linked article")
        verbose_name_plural = _("linked articles")
        constraints = [models.UniqueConstraint(fields=["ticket", "article"], name="ticket_article_once")]

    def __str__(self) -> str:
        return f"#{self.ticket_id} → KB-{self.article_id}"


class SuggestionRead(models.Model):
    """A visitor opened an article suggested on the request form; `requested_at` is set when the same
    visit then sent a request within the window (otherwise the visit counts as abandoned: deflected)."""

    visit = models.CharField(max_length=32, db_index=True)  # a random id kept in the visitor's session
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("article"))
    read_at = models.DateTimeField(_("read"), default=clock.now, db_index=True)
    requested_at = models.DateTimeField(_("request sent"), null=True, blank=True)

    class Meta:
        ordering = ["-read_at", "-id"]
        verbose_name = _("suggested article read")
        verbose_name_plural = _("suggested articles read")

    def __str__(self) -> str:
        return f"{self.visit}: KB-{self.article_id}"


class SuggestionIndex(models.Model):
    """The resolved tickets' BM25 index (knowledge.retrieval), built by the worker; processes load the newest."""

    built_at = models.DateTimeField(default=clock.now)
    # The newest resolution the index holds: a rebuild is due once a later one exists.
    resolved_until = models.DateTimeField(null=True)
    size = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=Q(size__gte=0), name="suggestion_index_size")]

    def __str__(self) -> str:
        return f"{self.size} tickets, {self.built_at:%Y-%m-%d %H:%M}"
