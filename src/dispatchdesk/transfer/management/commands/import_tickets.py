"""`dispatchdesk import-tickets FILE.csv [--dry-run] [--as USERNAME]`: tickets from a CSV file, all or none."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.management.commands.import_contacts import file_bytes, import_actor, row_line
from dispatchdesk.customers.sync import RowsRefusedError
from dispatchdesk.transfer.tickets_csv import COLUMNS, tickets_import


class Command(BaseCommand):
    help = f"Import tickets from a CSV file with the columns {','.join(COLUMNS)}; any bad row saves nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8, with a header line)")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and save nothing")
        parser.add_argument(
            "--as", dest="username", default="", help="The administrator it is done as (default: the first)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = import_actor(options["username"])
        try:
            tickets = tickets_import(actor=actor, data=file_bytes(options["file"]), dry_run=options["dry_run"])
        except RowsRefusedError as refused:
            for row in refused.errors:
                self.stderr.write(row_line(row.line, row.field, row.message))
            raise CommandError(refused.message) from None
        except DomainError as error:
            raise CommandError(error.message) from None
        if options["dry_run"]:
            self.stdout.write(
                self.style.SUCCESS(f"Dry run: {len(tickets)} tickets would be imported; nothing was saved.")
            )
        else:
            numbers = f" (#{tickets[0].number} to #{tickets[-1].number})" if tickets else ""
            self.stdout.write(self.style.SUCCESS(f"{len(tickets)} tickets imported{numbers}."))
