"""`dispatchdesk demo`: migrate, load the demo once, then run the task worker and the web server.

The console stays readable: the worker logs only warnings and errors, and the logins are printed
last, once the server listens.
"""

import os
import signal
import subprocess
import sys
from argparse import ArgumentParser
from collections.abc import Callable
from datetime import timedelta
from types import FrameType
from typing import Any, NoReturn

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.management.commands.runserver import Command as RunserverCommand
from django.utils.translation import gettext as _

from dispatchdesk.common import clock
from dispatchdesk.common.durations import duration
from dispatchdesk.demo import loader
from dispatchdesk.demo.console import logins_table
from dispatchdesk.demo.loader import DemoState

# How long the worker may take to finish its current task once asked to stop.
WORKER_STOP_SECONDS = 10


class Command(BaseCommand):
    help = "Run Dispatchdesk with demo data: migrate, load the demo once, start the worker and the web server."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--addr", default="127.0.0.1:8000", help="HOST:PORT to serve on (0.0.0.0:8000 for other machines too)."
        )
        parser.add_argument("--tickets", type=int, default=loader.DEFAULT_TICKETS, help="Tickets in a new demo.")
        parser.add_argument("--customers", type=int, default=loader.DEFAULT_CUSTOMERS, help="Contacts in a new demo.")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Keep the demo loaded earlier, however long ago (else after 12 hours it is loaded afresh).",
        )

    def handle(self, *args: Any, addr: str, tickets: int, customers: int, keep: bool, **options: Any) -> None:
        self.stdout.write(_("Preparing the database…"))
        call_command("migrate", interactive=False, verbosity=0)
        loaded = self._load_once(tickets=tickets, customers=customers, keep=keep)
        # `kill` should stop the server like Ctrl-C does, so the worker is stopped too.
        signal.signal(signal.SIGTERM, _interrupt)
        worker = self._start_worker()
        server = DemoServer(on_listening=lambda: self._welcome(addr=addr, show_logins=loaded))
        try:
            call_command(server, addr, use_reloader=False)
        finally:
            self._stop_worker(worker)

    def _welcome(self, *, addr: str, show_logins: bool) -> None:
        """Once the server listens, after its banner: the logins are the last lines on the screen."""
        if show_logins:
            self.stdout.write("\n" + logins_table() + "\n")
        self.stdout.write(self.style.SUCCESS(_("Open http://%(addr)s/ and log in. Ctrl-C stops.") % {"addr": addr}))

    def _load_once(self, *, tickets: int, customers: int, keep: bool = False) -> bool:
        """Load the demo unless it is there and fresh; False if the database holds other data, left alone.

        A demo loaded more than 12 hours ago is loaded afresh (unless `keep`): its SLA clocks have run on
        with nobody at work, and the healthy desk it was would now look like a failing one.
        """
        state = loader.demo_state()
        if state == DemoState.FOREIGN:
            self.stdout.write(self.style.WARNING(_("The database holds other data; demo data is not loaded.")))
            return False
        if state != DemoState.LOADED or not (keep or self._fresh()):
            call_command(
                "load_demo", tickets=tickets, customers=customers, force=True, show_logins=False, stdout=self.stdout
            )
        return True

    def _fresh(self) -> bool:
        """Whether the loaded demo's history ended less than 12 hours ago; says so when it did not."""
        ended = loader.demo_history_end()
        age = clock.now() - ended if ended is not None else timedelta(0)
        if age <= loader.STALE_AFTER:
            return True
        self.stdout.write(
            _(
                "The demo was loaded %(age)s ago and its SLA clocks have run on since: loading it afresh (--keep keeps it)."
            )
            % {"age": duration(age.total_seconds(), after_preposition=True)}
        )
        return False

    def _start_worker(self) -> subprocess.Popen[bytes]:
        # Same settings (DJANGO_SETTINGS_MODULE is in the environment). Its own session, so Ctrl-C in
        # the terminal reaches only this process, which then stops the worker with a single SIGTERM:
        # a second signal would make the worker abandon its current task.
        worker = subprocess.Popen(
            [sys.executable, "-m", "django", "worker"], env=worker_environment(), start_new_session=True
        )
        self.stdout.write(_("Task worker started (pid %(pid)d).") % {"pid": worker.pid})
        if "DISPATCHDESK_EMAIL_BACKEND" not in os.environ:
            self.stdout.write(_("Emails go to files in %(folder)s.") % {"folder": settings.EMAIL_FILE_PATH})
        return worker

    def _stop_worker(self, worker: subprocess.Popen[bytes]) -> None:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=WORKER_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        self.stdout.write(_("Task worker stopped."))


class DemoServer(RunserverCommand):
    """Django's development server, which tells the demo when it listens. Django's own, not
    staticfiles' (which `runserver` names): WhiteNoise serves the static files, as with
    `whitenoise.runserver_nostatic`."""

    def __init__(self, *, on_listening: Callable[[], None]) -> None:
        super().__init__()
        self.on_listening = on_listening

    def on_bind(self, server_port: int) -> None:
        super().on_bind(server_port)  # Django's banner: version, address, "Quit the server with CONTROL-C."
        self.on_listening()


def worker_environment() -> dict[str, str]:
    """The demo's worker, unless the environment says otherwise: emails to files under var/mail/ (there
    is no mail server), and only warnings and errors on the console, not two lines for every task."""
    env = os.environ.copy()
    env.setdefault("DISPATCHDESK_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    env.setdefault("DISPATCHDESK_LOG_LEVEL", "WARNING")
    return env


def _interrupt(signum: int, frame: FrameType | None) -> NoReturn:
    raise KeyboardInterrupt
