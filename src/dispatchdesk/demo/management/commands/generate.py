"""`dispatchdesk generate --tickets N [--seed S]`: bulk-load a realistic desk into an empty database."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from dispatchdesk.common.errors import DomainError
from dispatchdesk.demo.generate import generate


class Command(BaseCommand):
    help = "Bulk-load a realistic desk (tickets with conversations, timelines, SLA clocks and figures)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--tickets", type=int, required=True, help="Number of tickets.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same desk.")

    def handle(self, *args: Any, tickets: int, seed: int, **options: Any) -> None:
        try:
            made = generate(tickets=tickets, seed=seed, progress=self._progress)
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Generated %(tickets)d tickets, %(contacts)d contacts and %(agents)d agents in %(seconds).0f s.")
                % {"tickets": made.tickets, "contacts": made.contacts, "agents": made.agents, "seconds": made.seconds}
            )
        )

    def _progress(self, done: int, total: int) -> None:
        if done == total or done % max(total // 10, 5000) == 0:
            self.stdout.write(_("Tickets: %(done)d of %(total)d") % {"done": done, "total": total})
