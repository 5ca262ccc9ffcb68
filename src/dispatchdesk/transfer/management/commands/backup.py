"""`dispatchdesk backup [--output FILE]`: the whole database as one file (SQLite or PostgreSQL)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dispatchdesk.common.errors import DomainError
from dispatchdesk.transfer.backup import backup_name, backup_write


class Command(BaseCommand):
    help = "Back up the database while the desk runs: SQLite's backup API, or pg_dump's custom format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", type=Path, help="The file to write (default: dispatchdesk-DATE.…)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["output"] or Path(backup_name())
        if path.exists():
            raise CommandError(f"{path} exists already; name another file or remove it first.")
        try:
            backup_write(path=path)
        except DomainError as error:
            path.unlink(missing_ok=True)
            raise CommandError(error.message) from None
        self.stdout.write(self.style.SUCCESS(f"Backed up the database to {path}."))
