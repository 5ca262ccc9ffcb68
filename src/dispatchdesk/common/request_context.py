"""The request id that follows one piece of work through web, dispatch and worker (docs/decisions/0038).

The web request takes a well-formed `X-Request-ID` from whoever called (a proxy, a load balancer)
or makes one, keeps it in a context variable for its own log lines, answers with it, and passes it
on to the tasks it enqueues as an argument (`request_id=current()`); a task binds it again while it
runs, so a ticket's submission, its dispatch, its confirmation email and its SLA checks all log the
same id.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponseBase

HEADER = "X-Request-ID"
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{1,64}")  # anything else is replaced, not logged as given

_current: ContextVar[str] = ContextVar("request_id", default="")
requests_log = logging.getLogger("dispatchdesk.requests")


def current() -> str:
    """The request id of the work in hand ("" outside any)."""
    return _current.get()


@contextmanager
def bound(request_id: str) -> Iterator[None]:
    """Run a block (a task) under `request_id`; an empty one leaves the current id as it is."""
    if not request_id:
        yield
        return
    token = _current.set(request_id)
    try:
        yield
    finally:
        _current.reset(token)


def incoming_id(request: HttpRequest) -> str:
    """The caller's id when it is a plausible one, else a new one."""
    given = request.headers.get(HEADER, "")
    return given if _WELL_FORMED.fullmatch(given) else uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Gives every log record a `request_id` attribute, for the formatters."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # Django logs a failed request after the middleware returned, naming the request.
            record.request_id = current() or getattr(getattr(record, "request", None), "request_id", "")
        return True


class RequestIdMiddleware:
    """First in the chain: every later log line of the request names its id; one line per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = incoming_id(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        with bound(request_id):
            response = self.get_response(request)
            response[HEADER] = request_id
            requests_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
        return response
