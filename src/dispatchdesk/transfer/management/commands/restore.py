"""`dispatchdesk restore FILE [--force]`: replace the database with a backup of it."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dispatchdesk.common.errors import DomainError
from dispatchdesk.transfer.backup import backup_restore


class Command(BaseCommand):
    help = "Restore a backup written by `dispatchdesk backup`; a database holding a desk needs --force."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The backup file")
        parser.add_argument("--force", action="store_true", help="Replace a database that holds a desk")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            backup_restore(path=options["file"], force=options["force"])
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(self.style.SUCCESS(f"Restored the database from {options['file']}."))
