"""Agents' knowledge pages (A5) and the ticket page's suggestions (A1).

Thin views: they parse, ask knowledge.selectors or call one knowledge service, and render.
"""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dispatchdesk.accounts.http import AuthedRequest, staff_only
from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.knowledge.forms import ArticleForm, ArticleSearchForm
from dispatchdesk.knowledge.models import Article, ArticleFile
from dispatchdesk.knowledge.selectors import (
    Shown,
    article_file,
    article_history,
    article_shown,
    articles_found,
    deflection,
    suggestions_for,
    ticket_for_suggestions,
)
from dispatchdesk.knowledge.services import article_draft_from_ticket, article_link, article_save
from dispatchdesk.tickets.downloads import attachment_response
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.tickets.permissions import may_publish_articles, may_reply, may_write_article_from, may_write_articles
from dispatchdesk.workstation.forms import MessageForm
from dispatchdesk.workstation.views import visible_ticket_or_404

# The deflection figure on the knowledge page looks back this far.
DEFLECTION_DAYS = 30


def _language(request: AuthedRequest) -> str:
    return request.GET.get("language") or get_language() or "en"


@staff_only
@require_GET
def knowledge(request: AuthedRequest) -> HttpResponse:
    form = ArticleSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    now = clock.now()
    context = {
        "form": form,
        "query": query,
        "articles": articles_found(request.user, query=query, language=_language(request)),
        "may_write": may_write_articles(request.user),
        "deflection": deflection(since=now - timedelta(days=DEFLECTION_DAYS), until=now),
        "deflection_days": DEFLECTION_DAYS,
    }
    return render(request, "workstation/knowledge.html", context)


def _shown_or_404(request: AuthedRequest, article_id: int) -> Shown:
    try:
        return article_shown(request.user, article_id, _language(request))
    except Article.DoesNotExist:
        raise Http404 from None


@staff_only
@require_GET
def article(request: AuthedRequest, article_id: int) -> HttpResponse:
    found = _shown_or_404(request, article_id)
    context = {"shown": found, "history": article_history(found.article), "may_write": may_write_articles(request.user)}
    return render(request, "workstation/article.html", context)


@staff_only
@require_http_methods(["GET", "POST"])
def article_edit(request: AuthedRequest, article_id: int | None = None) -> HttpResponse:
    """A new article, or a new version of one (its text in the language chosen on the form)."""
    found = _shown_or_404(request, article_id) if article_id is not None else None
    form = ArticleForm(request.POST or None, request.FILES or None, initial=_initial(found, request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = article_save(
                actor=request.user,
                article_id=article_id,
                language=data["language"],
                title=data["title"],
                body=data["body"],
                category=data["category"],
                visibility=data["visibility"],
                published=data["published"],
                files=data["attachments"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The article was saved."))
            return redirect("workstation:article", article_id=saved.pk)
    context = {"form": form, "shown": found, "may_publish": may_publish_articles(request.user)}
    return render(request, "workstation/article_edit.html", context)


def _initial(found: Shown | None, request: AuthedRequest) -> dict[str, Any]:
    if found is None:
        return {"language": _language(request)}
    article = found.article
    return {
        "title": found.version.title,
        "language": found.version.language,
        "body": found.version.body,
        "category": article.category_id,
        "visibility": article.visibility,
        "published": article.status == "published",
    }


@staff_only
@require_GET
def article_download(request: AuthedRequest, token: str) -> FileResponse:
    try:
        return attachment_response(article_file(request.user, token))
    except ArticleFile.DoesNotExist:
        raise Http404 from None


@staff_only
@require_GET
def suggestions(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    """The ticket page's suggestions panel: similar resolved tickets and matching articles (htmx, lazy)."""
    try:
        ticket = ticket_for_suggestions(request.user, ticket_id)
    except Ticket.DoesNotExist:
        raise Http404 from None
    found = suggestions_for(request.user, ticket)
    context = {
        "ticket": ticket,
        "similar": found.similar,
        "articles": found.articles,
        "linked": found.linked,
        "may_reply": may_reply(request.user, ticket),
        "may_draft": may_write_article_from(request.user, ticket),
    }
    return render(request, "workstation/suggestions.html", context)


@staff_only
@require_POST
def insert_article(request: AuthedRequest, ticket_id: int, article_id: int) -> HttpResponse:
    """Link the article from the ticket and append its help-centre link to the reply being written."""
    ticket = visible_ticket_or_404(request.user, ticket_id)
    typed = request.POST.get("reply-body", "")
    form = MessageForm(prefix="reply", initial={"body": typed})
    try:
        article_link(ticket_id=ticket.pk, article_id=article_id, actor=request.user)
        shown = article_shown(None, article_id, ticket.language)
    except (DomainError, Article.DoesNotExist) as error:
        message = error.message if isinstance(error, DomainError) else _("This article is not in the help centre.")
        form = MessageForm(prefix="reply", data={"reply-body": typed})
        form.is_valid()
        form.add_error("body", message)
    else:
        url = request.build_absolute_uri(reverse("portal:help_article", args=[article_id]))
        form = MessageForm(prefix="reply", initial={"body": _with_link(typed, shown.title, url)})
    return render(request, "workstation/reply_body.html", {"field": form["body"]})


def _with_link(typed: str, title: str, url: str) -> str:
    return f"{typed.rstrip()}\n\n{title}: {url}".lstrip()


@staff_only
@require_POST
def draft_from_ticket(request: AuthedRequest, ticket_id: int) -> HttpResponse:
    """Turn the ticket's resolution into a draft article, then edit it."""
    ticket: Ticket = visible_ticket_or_404(request.user, ticket_id)
    try:
        drafted = article_draft_from_ticket(ticket_id=ticket.pk, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("workstation:ticket_detail", ticket_id=ticket.pk)
    messages.success(request, _("A draft article was made from the resolution: check it and save it."))
    return redirect("workstation:article_edit", article_id=drafted.pk)
