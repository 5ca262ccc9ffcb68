"""`dispatchdesk rebuild_suggestions`: index the resolved tickets for suggestions now (the worker does it too)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from dispatchdesk.knowledge.services import suggestion_index_rebuild


class Command(BaseCommand):
    help = "Index the newest resolved tickets for the agents' suggested solutions."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--size", type=int, default=None, help="At most this many tickets (default: the setting).")

    def handle(self, *args: Any, size: int | None, **options: Any) -> None:
        built = suggestion_index_rebuild(size=size)
        self.stdout.write(f"Indexed {built.size} resolved tickets.")
