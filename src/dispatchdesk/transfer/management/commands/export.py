"""`dispatchdesk export [--output FILE|-]`: the desk as versioned JSON Lines (docs/export-format.md)."""

import os
import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dispatchdesk.transfer.export import desk_lines, desk_snapshot


class Command(BaseCommand):
    help = "Write the whole desk (configuration, contacts, tickets with their history) as JSON Lines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", default="-", help="The file to write, or - for standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        count = _write(sys.stdout) if options["output"] == "-" else _write_file(Path(options["output"]))
        self.stderr.write(f"Exported {count} records.")


def _write(out: TextIO) -> int:
    count = 0
    with desk_snapshot():
        for line in desk_lines():
            out.write(line)
            count += 1
    return count


def _write_file(path: Path) -> int:
    """Written beside the file and renamed when complete: a failed export leaves no half a desk."""
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as out:
            count = _write(out)
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CommandError(f"Cannot write {path}: {error.strerror}") from None
    return count
