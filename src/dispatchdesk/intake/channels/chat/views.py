"""The chat widget's endpoints, called from other websites (decision 0032).

/chat/widget.js is the script a website includes. Under /chat/api/<key>/ the widget's public key
names the widget; a request is served only for an origin the widget allows, and answered with that
origin's CORS headers (a preflight OPTIONS too); any other origin is refused with 403. No cookies are
involved: the visitor's token from "start" opens their session, so the endpoints are csrf_exempt.
Answers are JSON, errors the API's `{"code", "message"}`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from dispatchdesk.common import live
from dispatchdesk.common.client_address import client_address
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.sanitize import clean_texts
from dispatchdesk.intake.channels.chat.selectors import ChatLine, active_widget, chat_lines, session_for
from dispatchdesk.intake.channels.chat.services import chat_end, chat_say, chat_start, chat_topic
from dispatchdesk.intake.models import ChatSession, ChatWidget, normal_origin

MAX_BYTES = 64_000  # far above the longest message a visitor may send
PREFLIGHT_SECONDS = 600

Endpoint = Callable[..., HttpResponseBase]


@require_GET
@cache_control(public=True, max_age=300)
@vary_on_headers("Accept-Language")
def widget_script(request: HttpRequest) -> HttpResponse:
    """The static widget, after its words in the visitor's language (so the script needs no build step)."""
    path = finders.find("dispatchdesk/chat-widget.js")
    if not isinstance(path, str):
        raise Http404
    words = f"var TEXT = {json.dumps(_widget_text())};\n"
    with open(path, encoding="utf-8") as script:
        return HttpResponse(words + script.read(), content_type="text/javascript; charset=utf-8")


def _widget_text() -> dict[str, str]:
    return {
        "launcher": _("Chat with us"),
        "title": _("Chat with our support team"),
        "name": _("Your name"),
        "email": _("Your email address"),
        "first": _("How can we help?"),
        "start": _("Start chat"),
        "message": _("Write a message (Enter sends)"),
        "send": _("Send"),
        "end": _("End chat"),
        "again": _("Start a new chat"),
        "ended": _("This chat has ended."),
        "byEmail": _("We could not answer in time; we will answer you by email."),
        "failed": _("Something went wrong. Please try again."),
    }


def cross_origin(*methods: str) -> Callable[[Endpoint], Endpoint]:
    """The widget by key (404), the caller's origin against its list (403), preflight answered, refusals
    as JSON; every answer to an allowed origin carries its CORS headers."""

    def decorate(view: Endpoint) -> Endpoint:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, key: str, **kwargs: Any) -> HttpResponseBase:
            widget = active_widget(key)
            if widget is None:
                return _error(DomainError(_("There is no such chat."), code="not_found", status=404))
            origin = normal_origin(request.headers.get("Origin", ""))
            if not origin or origin not in widget.origins:
                message = _("This website may not use this chat.")
                return _error(DomainError(message, code="origin_refused", status=403))
            if request.method == "OPTIONS":
                response: HttpResponseBase = HttpResponse(status=204)
                response["Access-Control-Allow-Methods"] = ", ".join((*methods, "OPTIONS"))
                response["Access-Control-Allow-Headers"] = "Content-Type"
                response["Access-Control-Max-Age"] = str(PREFLIGHT_SECONDS)
            elif request.method not in methods:
                response = _error(DomainError(_("Method not allowed."), code="method_not_allowed", status=405))
            else:
                try:
                    response = view(request, widget, **kwargs)
                except DomainError as error:
                    response = _error(error)
            response["Access-Control-Allow-Origin"] = origin
            response["Vary"] = "Origin"
            return response

        return wrapper

    return decorate


@cross_origin("POST")
def start(request: HttpRequest, widget: ChatWidget) -> JsonResponse:
    body = _json_body(request)
    session, token = chat_start(
        widget=widget,
        name=_text(body, "name"),
        email=_text(body, "email"),
        message=_text(body, "message"),
        address=client_address(request),
        language=get_language() or "en",
    )
    return JsonResponse(_session_out(session) | {"token": token, "messages": _lines(session, 0)}, status=201)


@cross_origin("GET", "POST")
def messages(request: HttpRequest, widget: ChatWidget, token: str) -> JsonResponse:
    """GET: the public messages after `?after=<id>`; POST {"message"}: the visitor's next line."""
    session = _session(widget, token)
    if request.method == "POST":
        said = chat_say(session=session, body=_text(_json_body(request), "message"))
        return JsonResponse(_session_out(session) | {"messages": _lines(session, said.pk - 1)}, status=201)
    after = request.GET.get("after", "0")
    if not after.isdigit() or len(after) > 18:  # noqa: PLR2004 - an id fits a database integer
        raise DomainError(_("after must be a message id."), code="invalid_input", status=422)
    return JsonResponse(_session_out(session) | {"messages": _lines(session, int(after))})


@cross_origin("POST")
def end(request: HttpRequest, widget: ChatWidget, token: str) -> JsonResponse:
    session = chat_end(session_id=_session(widget, token).pk)
    return JsonResponse(_session_out(session))


@cross_origin("GET")
def events(request: HttpRequest, widget: ChatWidget, token: str) -> HttpResponseBase:
    """The visitor's live stream: one "chat" event per new message or change of state."""
    return live.stream({chat_topic(_session(widget, token).pk)})


def _session(widget: ChatWidget, token: str) -> ChatSession:
    session = session_for(widget=widget, token=token)
    if session is None:
        raise DomainError(_("This chat does not exist, or has expired."), code="not_found", status=404)
    return session


def _json_body(request: HttpRequest) -> dict[str, Any]:
    if len(request.body) > MAX_BYTES:
        raise DomainError(_("The message is too long."), code="payload_too_large", status=413)
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        raise DomainError(_("The request must be a JSON object."), code="invalid_input", status=422)
    cleaned: dict[str, Any] = clean_texts(data)  # no control characters (decision 0018)
    return cleaned


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name, "")
    if not isinstance(value, str):
        raise DomainError(_("%(field)s must be text.") % {"field": name}, code="invalid_input", status=422)
    return value


def _session_out(session: ChatSession) -> dict[str, Any]:
    return {"state": session.state, "ticket": session.ticket.number}


def _lines(session: ChatSession, after: int) -> list[dict[str, Any]]:
    return [_line_out(line) for line in chat_lines(session=session, after=after)]


def _line_out(line: ChatLine) -> dict[str, Any]:
    return {"id": line.id, "from": "visitor" if line.by_visitor else "agent", "author": line.author, "text": line.text}


def _error(error: DomainError) -> JsonResponse:
    return JsonResponse({"code": error.code, "message": error.message}, status=error.status)
