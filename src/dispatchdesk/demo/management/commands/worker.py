"""`dispatchdesk worker`: run background tasks from the database queue until stopped."""

import logging
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from dispatchdesk.assets.tasks import run_maintenance_sweep
from dispatchdesk.dispatch.tasks import run_classifier_retrain, run_dispatch_sweep
from dispatchdesk.intake.channels.chat.tasks import run_chat_sweep
from dispatchdesk.intake.channels.email.tasks import run_mailbox_poll
from dispatchdesk.integrations.tasks import run_webhooks_sweep
from dispatchdesk.knowledge.tasks import run_suggestion_sweep
from dispatchdesk.notifications.tasks import run_outbox_sweep
from dispatchdesk.reports.tasks import run_weekly_reports
from dispatchdesk.sla.tasks import run_sla_sweep

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the background task worker on every queue (Ctrl-C stops it after the current task)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run the tasks waiting now, then exit.")
        parser.add_argument(
            "--sweep-every", type=float, default=60.0, help="Seconds between periodic sweeps (0 = none)."
        )

    def handle(self, *args: Any, batch: bool, sweep_every: float, verbosity: int, **options: Any) -> None:
        if sweep_every > 0 and not batch:
            threading.Thread(target=_enqueue_sweeps, args=(sweep_every,), daemon=True, name="sweeps").start()
        if settings.TASKS["default"]["BACKEND"] == settings.RQ_BACKEND:
            # Scaled out: an RQ worker; its scheduler moves timers (tasks with run_after) onto the queue.
            call_command("rqworker", "default", job_class="django_tasks_rq.Job", with_scheduler=True, burst=batch)
            return
        # All queues, checked every second; never auto-reload, which could cut a task off half-way.
        call_command(
            "db_worker",
            queue_name="*",
            interval=1,
            reload=False,
            batch=batch,
            startup_delay=not batch,
            verbosity=verbosity,
        )


def _enqueue_sweeps(every: float) -> None:
    """Periodic work (dispatch, SLA, outbox, webhook, chat and maintenance sweeps, mailbox polls, the daily classifier
    retrain, the weekly report, the suggestion index) goes through the task queue.

    Several workers may each enqueue it; the sweep is idempotent and locks what it moves.
    """
    stop = threading.Event()
    while not stop.wait(every):
        for sweep in (
            run_dispatch_sweep,
            run_sla_sweep,
            run_outbox_sweep,
            run_webhooks_sweep,
            run_mailbox_poll,
            run_chat_sweep,
            run_classifier_retrain,
            run_weekly_reports,
            run_suggestion_sweep,
            run_maintenance_sweep,
        ):
            try:
                sweep.enqueue()
            except Exception:  # a database or Redis hiccup must not kill the scheduler thread
                logger.exception("could not enqueue %s", sweep.name)
            finally:
                close_old_connections()
