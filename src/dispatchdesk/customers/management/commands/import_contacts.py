"""`dispatchdesk import-contacts FILE.csv [--dry-run] [--as USERNAME]`: contacts from a CSV file, all or none."""

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import Role, User
from dispatchdesk.common.errors import DomainError
from dispatchdesk.customers.csv_import import COLUMNS, contacts_import
from dispatchdesk.customers.sync import Outcome, RowsRefusedError

Imported = TypeVar("Imported")


class CsvImportCommand(BaseCommand):
    """A CSV import, every row or none: FILE, --dry-run, --as; each refused row listed with its line and field."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8, with a header line)")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and save nothing")
        parser.add_argument(
            "--as", dest="username", default="", help="The administrator it is done as (default: the first)"
        )

    def run_import(self, importer: Callable[..., Imported], options: dict[str, Any]) -> Imported:
        actor = import_actor(options["username"])
        try:
            return importer(actor=actor, data=file_bytes(options["file"]), dry_run=options["dry_run"])
        except RowsRefusedError as refused:
            for row in refused.errors:
                self.stderr.write(row_line(row.line, row.field, row.message))
            raise CommandError(refused.message) from None
        except DomainError as error:
            raise CommandError(error.message) from None


class Command(CsvImportCommand):
    # Help texts stay untranslated, as in Django's own commands: argparse cannot take lazy strings.
    help = f"Create or update contacts from a CSV file with the columns {','.join(COLUMNS)}; any bad row saves nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = self.run_import(contacts_import, options)
        self.stdout.write(_summary(outcome, dry_run=options["dry_run"]), style_func=self.style.SUCCESS)


def import_actor(username: str) -> User:
    # Whoever has a shell on the server may import; an administrator stands for them.
    users = User.objects.filter(is_active=True, role=Role.ADMIN).order_by("pk")
    actor = users.filter(username=username).first() if username else users.first()
    if actor is None:
        raise CommandError(_("There is no active administrator to import as; create one or name one with --as."))
    return actor


def file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror}) from None


def row_line(line: int, field: str, message: str) -> str:
    return _("line %(line)s, %(field)s: %(message)s") % {"line": line, "field": field or "-", "message": message}


def _summary(outcome: Outcome, *, dry_run: bool) -> str:
    counts = {"created": outcome.created, "updated": outcome.updated}
    if dry_run:
        return _("Dry run: %(created)s would be created, %(updated)s updated; nothing was saved.") % counts
    return _("%(created)s contacts created, %(updated)s updated.") % counts
