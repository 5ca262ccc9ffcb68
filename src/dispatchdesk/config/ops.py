"""Operations endpoints (O5, docs/decisions/0038): is the process up, can it work, and its metrics.

`/healthz` answers from the process alone (a restart helps when it fails); `/readyz` asks the
database, the cache and the task queue (take the process out of the load balancer while one fails);
`/metrics` is Prometheus' text format, for a bearer token or an allowed network only.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Callable, Iterator
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from dispatchdesk.common import clock
from dispatchdesk.common.client_address import client_within
from dispatchdesk.dispatch.models import DispatchDecision
from dispatchdesk.notifications.models import EmailState, OutboundEmail
from dispatchdesk.tickets.models import OPEN_STATUSES, EventKind, Ticket, TimelineEvent
from dispatchdesk.tickets.sla_state import AT_RISK, BREACHED, in_sla_state

logger = logging.getLogger(__name__)
RECENT = timedelta(hours=1)  # the window of the "last hour" gauges


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answers; nothing else is asked."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the database, the cache and the task queue answer; 503 naming those that do not."""
    checks: dict[str, str] = {}
    for name, probe in _PROBES.items():
        # The database cache and queue cannot answer without it: say so instead of waiting again.
        if checks.get("database", "ok") != "ok" and _on_the_database(name):
            checks[name] = "needs the database"
        else:
            checks[name] = _check(name, probe)
    failing = [name for name, result in checks.items() if result != "ok"]
    return JsonResponse({"ready": not failing, "failing": failing, "checks": checks}, status=503 if failing else 200)


def _check(name: str, probe: Callable[[], None]) -> str:
    try:
        probe()
    except Exception as error:
        logger.warning("readyz: %s is not reachable: %s", name, error)
        return f"{type(error).__name__}: {error}"[:300]
    return "ok"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    cache.set("readyz", "ok", 10)
    if cache.get("readyz") != "ok":
        raise RuntimeError("the cache did not keep a value")


def _queue() -> None:
    if _uses_rq():
        import django_rq  # noqa: PLC0415 - only the scaled-out mode has an RQ queue

        django_rq.get_connection("default").ping()
    else:
        DBTaskResult.objects.exists()


def _on_the_database(name: str) -> bool:
    if name == "cache":
        return "DatabaseCache" in str(settings.CACHES["default"]["BACKEND"])
    return name == "queue" and not _uses_rq()


def _uses_rq() -> bool:
    return bool(settings.TASKS["default"]["BACKEND"] == settings.RQ_BACKEND)


_PROBES: dict[str, Callable[[], None]] = {"database": _database, "cache": _cache, "queue": _queue}


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not _may_scrape(request):
        return HttpResponse(
            "Metrics need the token (Authorization: Bearer …) or an allowed network.\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    processes = REGISTRY  # this process's own requests (runserver, tests)
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        processes = CollectorRegistry()
        MultiProcessCollector(processes)  # type: ignore[no-untyped-call]  # the requests of every worker process of this server
    desk = CollectorRegistry()
    desk.register(DeskCollector())
    try:
        figures = generate_latest(desk)
    except Exception:  # the database is down: the requests are still worth scraping (and /readyz says why)
        logger.exception("metrics: the desk's figures could not be read")
        figures = b""
    return HttpResponse(generate_latest(processes) + figures, content_type=CONTENT_TYPE_LATEST)


def _may_scrape(request: HttpRequest) -> bool:
    token: str = settings.DISPATCHDESK_METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and given and hmac.compare_digest(given.encode(), token.encode()):
        return True
    return client_within(request, settings.DISPATCHDESK_METRICS_NETWORKS)


class DeskCollector(Collector):
    """What the desk holds, read from the database at scrape time: the same figures from every web
    process, whichever process (web or worker, on whichever machine) did the work."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = clock.now()
        yield _gauge("dispatchdesk_task_queue_depth", "Background tasks waiting to run.", _queue_depth())
        unsent = OutboundEmail.objects.filter(state__in=(EmailState.PENDING, EmailState.SENDING)).count()
        yield _gauge("dispatchdesk_outbox_unsent", "Emails recorded and not yet sent.", unsent)
        open_tickets = Ticket.objects.filter(status__in=OPEN_STATUSES)
        breached = in_sla_state(open_tickets, BREACHED, now=now).count()
        yield _gauge("dispatchdesk_tickets_sla_breached", "Open tickets past an SLA deadline now.", breached)
        at_risk = in_sla_state(open_tickets, AT_RISK, now=now).count()
        yield _gauge("dispatchdesk_tickets_sla_at_risk", "Open tickets past an SLA warning now.", at_risk)
        recent = TimelineEvent.objects.filter(created_at__gte=now - RECENT, kind=EventKind.SLA_BREACH).count()
        yield _gauge("dispatchdesk_sla_breaches_last_hour", "SLA breaches recorded in the last hour.", recent)
        decisions = GaugeMetricFamily(
            "dispatchdesk_dispatch_decisions_last_hour",
            "Dispatch decisions of the last hour, by outcome.",
            labels=["outcome"],
        )
        for outcome, count in (
            DispatchDecision.objects.filter(created_at__gte=now - RECENT)
            .order_by()
            .values_list("outcome")
            .annotate(n=Count("id"))
        ):
            decisions.add_metric([outcome], count)
        yield decisions


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def _queue_depth() -> int:
    if _uses_rq():
        import django_rq  # noqa: PLC0415

        return int(django_rq.get_queue("default").count)
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()
