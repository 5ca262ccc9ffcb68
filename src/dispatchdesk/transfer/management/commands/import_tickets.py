"""`dispatchdesk import-tickets FILE.csv [--dry-run] [--as USERNAME]`: tickets from a CSV file, all or none."""

from typing import Any

from dispatchdesk.customers.management.commands.import_contacts import CsvImportCommand
from dispatchdesk.transfer.tickets_csv import COLUMNS, tickets_import


class Command(CsvImportCommand):
    help = f"Import tickets from a CSV file with the columns {','.join(COLUMNS)}; any bad row saves nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        tickets = self.run_import(tickets_import, options)
        if options["dry_run"]:
            self.stdout.write(
                self.style.SUCCESS(f"Dry run: {len(tickets)} tickets would be imported; nothing was saved.")
            )
        else:
            numbers = f" (#{tickets[0].number} to #{tickets[-1].number})" if tickets else ""
            self.stdout.write(self.style.SUCCESS(f"{len(tickets)} tickets imported{numbers}."))
