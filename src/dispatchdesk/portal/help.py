"""The public help centre (A5) and the request forms' suggested articles (A1, deflection).

Only published public articles, in the visitor's language where one was written, else the desk's
default. An article opened from the request form's suggestions is recorded against the visit; a
request sent by the same visit within the window marks it as not deflected (decision 0045).
"""

import secrets

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from dispatchdesk.accounts.models import User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.knowledge.forms import ArticleSearchForm
from dispatchdesk.knowledge.models import Article, ArticleFile
from dispatchdesk.knowledge.selectors import article_file, article_matches, article_shown, articles_found
from dispatchdesk.knowledge.services import article_feedback, suggestion_read, suggestion_reads_requested
from dispatchdesk.tickets.downloads import attachment_response

VISIT = "help_visit"  # the session key holding this visit's random id
RATED = "help_rated"  # the articles this session already said were helpful or not
SUGGESTED = "request"  # ?from= value of a link among the request form's suggestions
SUGGESTION_COUNT = 3
# Below this many characters typed, nothing is suggested (too little to tell what it is about).
SUGGEST_FROM_CHARS = 4


def _reader(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _language() -> str:
    return get_language() or "en"


@require_GET
def help_centre(request: HttpRequest) -> HttpResponse:
    form = ArticleSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    # Staff see the help centre as customers do: public articles only.
    found = articles_found(None, query=query, language=_language())
    return render(request, "portal/help_centre.html", {"form": form, "query": query, "articles": found})


@require_safe
def help_article(request: HttpRequest, article_id: int) -> HttpResponse:
    try:
        shown = article_shown(None, article_id, _language())
    except Article.DoesNotExist:
        raise Http404 from None
    if request.GET.get("from") == SUGGESTED and request.method == "GET":
        suggestion_read(visit=_visit(request), article_id=article_id)
        return redirect("portal:help_article", article_id=article_id)  # a reload is not a second read
    rated = article_id in request.session.get(RATED, [])
    return render(request, "portal/help_article.html", {"shown": shown, "rated": rated})


def _visit(request: HttpRequest) -> str:
    visit: str | None = request.session.get(VISIT)
    if visit is None:
        visit = request.session[VISIT] = secrets.token_hex(16)
    return visit


@require_POST
def help_feedback(request: HttpRequest, article_id: int) -> HttpResponse:
    """ "Was this helpful?": counted once per session and article."""
    rated: list[int] = request.session.get(RATED, [])
    if article_id not in rated:
        try:
            article_feedback(article_id=article_id, helpful=request.POST.get("helpful") == "yes")
        except DomainError:
            raise Http404 from None
        request.session[RATED] = [*rated, article_id]
    messages.success(request, _("Thank you for telling us."))
    return redirect("portal:help_article", article_id=article_id)


@require_safe
def help_file(request: HttpRequest, token: str) -> FileResponse:
    try:
        return attachment_response(article_file(None, token))
    except ArticleFile.DoesNotExist:
        raise Http404 from None


@require_GET
def request_suggestions(request: HttpRequest) -> HttpResponse:
    """Articles for what the visitor is typing on a request form (htmx, debounced by the page)."""
    text = f"{request.GET.get('subject', '')}\n{request.GET.get('body', '')}"[:2000]
    too_short = len(text.strip()) < SUGGEST_FROM_CHARS
    shown = [] if too_short else article_matches(text, language=_language(), public_only=True, limit=SUGGESTION_COUNT)
    return render(request, "portal/request_suggestions.html", {"articles": shown, "from": SUGGESTED})


def request_sent(request: HttpRequest) -> None:
    """The visit sent a request: its suggested reads were not a deflection (called by the request forms)."""
    visit = request.session.get(VISIT)
    if visit:
        suggestion_reads_requested(visit=visit)
