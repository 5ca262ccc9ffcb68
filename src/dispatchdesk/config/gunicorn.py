"""gunicorn's configuration for `dispatchdesk serve` (docs/decisions/0037-production-server.md).

Also usable alone: `gunicorn -c python:dispatchdesk.config.gunicorn dispatchdesk.config.wsgi`. It
reads the DISPATCHDESK_BIND / _WEB_WORKERS / _WEB_THREADS that `serve` sets from its options.
Each live page holds one connection and one thread for minutes (docs/decisions/0027), so the
workers are threaded (gthread) with many threads; the master imports no Django, so a HUP starts
workers with the code and settings on disk now, while the old ones finish what they serve.
"""

from __future__ import annotations

import os
import signal
from types import FrameType
from typing import Any

DEFAULT_THREADS = 100

bind = [os.environ.get("DISPATCHDESK_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("DISPATCHDESK_WEB_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("DISPATCHDESK_WEB_THREADS", str(DEFAULT_THREADS)))
worker_connections = max(1000, 2 * threads)
# A worker asked to stop (HUP, TERM) ends its live streams at once (the pages reconnect to a new
# worker) and has this long to finish the other requests in hand.
graceful_timeout = 30
timeout = 60  # a worker whose main loop hangs this long is killed and replaced
keepalive = 5
accesslog = None  # each request is a line of the application's own log, with its request id
errorlog = "-"
loglevel = os.environ.get("DISPATCHDESK_LOG_LEVEL", "INFO").lower()
proc_name = "dispatchdesk"
control_socket_disable = True  # gunicorn's control socket is one path per user: two servers would share it
if os.environ.get("DISPATCHDESK_LOG_FORMAT", "plain") == "json":
    logconfig_dict: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "dispatchdesk.common.logs.JsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "loggers": {"gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False}},
    }


def post_worker_init(worker: Any) -> None:
    """On the worker's graceful stop, close its live streams before gunicorn waits for its threads."""
    from dispatchdesk.common.live import hub  # noqa: PLC0415 - in the worker, after the application loaded

    stop = signal.getsignal(signal.SIGTERM)

    def stopping(signum: int, frame: FrameType | None) -> None:
        hub.close()
        if callable(stop):
            stop(signum, frame)

    signal.signal(signal.SIGTERM, stopping)


def child_exit(server: Any, worker: Any) -> None:
    """A worker is gone: its gauges (open live streams) stop counting in /metrics."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess  # noqa: PLC0415

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
