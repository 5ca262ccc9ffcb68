"""`dispatchdesk worker`: run background tasks from the database queue until stopped."""

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background task worker on every queue (Ctrl-C stops it after the current task)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run the tasks waiting now, then exit.")

    def handle(self, *args: Any, batch: bool, verbosity: int, **options: Any) -> None:
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
