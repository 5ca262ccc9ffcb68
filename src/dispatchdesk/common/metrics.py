"""What each web process counts about its requests, for Prometheus (docs/decisions/0038).

Under `dispatchdesk serve` every worker process writes these to files in PROMETHEUS_MULTIPROC_DIR,
which `/metrics` adds up over the processes; without it (runserver, tests) they live in this
process. What the desk itself holds (queue depth, breaches, dispatch decisions) is not counted
here: `/metrics` reads it from the database when scraped, so it is right whichever process did it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from prometheus_client import Counter, Gauge, Histogram

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUESTS = Counter(
    "dispatchdesk_http_requests",
    "HTTP requests answered, by method, route and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "dispatchdesk_http_request_duration_seconds",
    "Time to the response (a streamed response: to its first byte), by method and route.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

LIVE_STREAMS = Gauge(
    "dispatchdesk_live_streams",
    "Server-sent event streams open now (each holds a thread of its web process).",
    multiprocess_mode="livesum",
)


def route_of(request: HttpRequest) -> str:
    """The URL pattern, not the path: ticket numbers must not become label values. WhiteNoise
    answers static files before any URL is resolved."""
    match = request.resolver_match
    if match is not None and match.route:
        return f"/{match.route}"
    return "static" if request.path.startswith(str(settings.STATIC_URL)) else "unmatched"


class RequestMetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        response = self.get_response(request)
        route = route_of(request)
        method = request.method if request.method in METHODS else "other"
        LATENCY.labels(method, route).observe(time.perf_counter() - started)
        REQUESTS.labels(method, route, str(response.status_code)).inc()
        return response
