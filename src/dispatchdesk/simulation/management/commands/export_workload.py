"""`dispatchdesk export-workload --since DATE --until DATE [--out FILE]`: the desk's history as a workload."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from dispatchdesk.common.errors import DomainError
from dispatchdesk.simulation.export import export_workload


class Command(BaseCommand):
    help = _(
        "Write the tickets created between two dates (UTC, the end date excluded) and today's agents as a "
        "workload in the simulator's format, so `simulate` can replay last month under other rules. "
        "SLA targets are fixed defaults on a calendar clock, not the desk's business-hours policies."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", required=True, help=_("first day, YYYY-MM-DD (UTC)"))
        parser.add_argument("--until", required=True, help=_("day after the last, YYYY-MM-DD (UTC)"))
        parser.add_argument("--out", help=_("file to write (default: standard output)"))

    def handle(self, *args: Any, **options: Any) -> None:
        since, until = parse_day(options["since"], "--since"), parse_day(options["until"], "--until")
        out = Path(options["out"]) if options["out"] else None
        if out is not None and not out.parent.is_dir():
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": out.parent})
        try:
            document = export_workload(since=since, until=until)
        except DomainError as error:
            raise CommandError(error.message) from None
        text = json.dumps(document, ensure_ascii=False)
        if out is None:
            self.stdout.write(text)
            return
        out.write_text(text, encoding="utf-8")
        self.stdout.write(
            _("Wrote %(tickets)d tickets and %(agents)d agents to %(path)s.")
            % {"tickets": len(document["tickets"]), "agents": len(document["agents"]), "path": out}
        )


def parse_day(raw: str, option: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CommandError(
            _("%(option)s must be a date as YYYY-MM-DD, not “%(value)s”.") % {"option": option, "value": raw}
        ) from None
