# ruff: noqa: N999 - the command is `dispatchdesk import`, the counterpart of `export`
"""`dispatchdesk import FILE`: a desk export read into an empty desk, all of it or nothing."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dispatchdesk.common.errors import DomainError
from dispatchdesk.transfer.load import desk_import, files_missing


class Command(BaseCommand):
    help = "Import a desk written by `dispatchdesk export` into an empty database; any bad line imports nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The JSON Lines file (UTF-8)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            with path.open(encoding="utf-8", newline="\n") as lines:
                counts = desk_import(lines=lines)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text; nothing was imported.") from None
        except DomainError as error:
            raise CommandError(f"{error.message} Nothing was imported.") from None
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Imported {summary or 'nothing'}."))
        self.stdout.write("Rebuilt the report figures and the suggestion index from the imported tickets.")
        missing = files_missing()
        if missing:
            self.stderr.write(
                f"{missing} attachment and article files are not in the media directory ({settings.MEDIA_ROOT}): "
                "copy the exporting desk's media directory there."
            )
