"""`dispatchdesk load_demo`: fill an empty database with the demo company, once."""

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dispatchdesk.common import clock
from dispatchdesk.common.errors import DomainError
from dispatchdesk.demo import loader
from dispatchdesk.demo.console import health_summary, logins_table
from dispatchdesk.demo.health import desk_health
from dispatchdesk.demo.loader import DemoState


class Command(BaseCommand):
    help = "Load the demo company (staff, customers and a month of tickets) into an empty database."
    stealth_options = ("show_logins",)  # `demo` prints the logins itself

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=loader.DEFAULT_SEED, help="Same seed, same data.")
        parser.add_argument("--tickets", type=int, default=loader.DEFAULT_TICKETS, help="Number of tickets.")
        parser.add_argument("--customers", type=int, default=loader.DEFAULT_CUSTOMERS, help="Number of contacts.")
        parser.add_argument("--force", action="store_true", help="Delete existing demo data and load it again.")

    def handle(
        self, *args: Any, seed: int, tickets: int, customers: int, force: bool, show_logins: bool = True, **options: Any
    ) -> None:
        state = loader.demo_state()
        if state == DemoState.FOREIGN:
            raise CommandError(_("This database holds data that is not the demo's; load_demo leaves it alone."))
        if state == DemoState.LOADED and not force:
            self.stdout.write(_("Demo data is already loaded; nothing to do (use --force to load it again)."))
            return
        try:
            loader.demo_require_size(tickets=tickets, customers=customers)  # before anything is deleted
            if state != DemoState.EMPTY:
                self.stdout.write(_("Deleting the earlier demo data…"))
                loader.demo_wipe()
            started = time.perf_counter()
            loader.demo_load(seed=seed, tickets=tickets, customers=customers, progress=self._progress)
        except DomainError as error:
            raise CommandError(error.message) from None
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                _("Loaded the demo company with %(count)d tickets in %(seconds).1f s.")
                % {"count": tickets, "seconds": seconds}
            )
        )
        self.stdout.write(health_summary(desk_health(now=clock.now())))
        if show_logins:
            self.stdout.write(logins_table())

    def _progress(self, done: int, total: int) -> None:
        if done == total or done % max(total // 10, 1) == 0:
            self.stdout.write(_("Tickets: %(done)d of %(total)d") % {"done": done, "total": total})
