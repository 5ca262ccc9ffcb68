"""`dispatchdesk serve`: the production web server (docs/decisions/0037-production-server.md).

Collects the static files, then becomes gunicorn (same process id, so a service manager's HUP
reaches it): `--workers` processes of `--threads` threads each, configured by
`dispatchdesk.config.gunicorn`. It does not migrate: run `dispatchdesk migrate` once per upgrade.
"""

import os
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Serve Dispatchdesk for real: gunicorn with threaded workers, static files collected first."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="HOST:PORT to listen on (0.0.0.0:8000 for all).")
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 2, help="Web processes (default: one per core)."
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help="Threads per process: each open page's live stream holds one (default: config/gunicorn.py's, 100).",
        )
        parser.add_argument(
            "--db-pool", type=int, default=8, help="PostgreSQL connections per process, shared by its threads."
        )
        parser.add_argument("--no-collectstatic", action="store_true", help="The static files are collected already.")

    def handle(
        self,
        *args: Any,
        bind: str,
        workers: int,
        threads: int | None,
        db_pool: int,
        no_collectstatic: bool,
        **options: Any,
    ) -> NoReturn:
        if workers < 1 or (threads is not None and threads < 1) or db_pool < 1:
            raise CommandError(_("--workers, --threads and --db-pool must be at least 1."))
        if settings.STATIC_ROOT and not no_collectstatic:  # else served from the source tree
            call_command("collectstatic", interactive=False, verbosity=0)
            self.stdout.write(_("Static files collected in %(folder)s.") % {"folder": settings.STATIC_ROOT})
        env = os.environ.copy()
        env.update(
            DISPATCHDESK_BIND=bind,
            DISPATCHDESK_WEB_WORKERS=str(workers),
            DISPATCHDESK_LOG_FORMAT=settings.LOG_FORMAT,
        )
        if threads is not None:
            env["DISPATCHDESK_WEB_THREADS"] = str(threads)
        env.setdefault("DISPATCHDESK_DB_POOL_SIZE", str(db_pool))
        env["PROMETHEUS_MULTIPROC_DIR"] = str(_metrics_folder(env.get("PROMETHEUS_MULTIPROC_DIR")))
        self.stdout.write(
            _("Serving on http://%(bind)s/ with %(workers)d processes.") % {"bind": bind, "workers": workers}
        )
        self.stdout.flush()
        command = [sys.executable, "-m", "gunicorn", "-c", "python:dispatchdesk.config.gunicorn"]
        os.execve(sys.executable, [*command, "dispatchdesk.config.wsgi:application"], env)  # noqa: S606


def _metrics_folder(configured: str | None) -> Path:
    """The worker processes' metric files, emptied: the counts start again with the server."""
    folder = Path(configured) if configured else settings.DATA_DIR / "metrics"
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob("*.db"):
        leftover.unlink()
    return folder
