"""`dispatchdesk generate-workload --seed N --tickets N --out FILE`: a synthetic workload in the shared format.

For measuring on desks other than the samples (bench/wait_estimate.py); simulation/generate.py
says what the desk looks like. The same arguments always give the same file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from dispatchdesk.simulation.generate import PHRASINGS, Spec, generate


class Command(BaseCommand):
    help = _(
        "Write a synthetic workload (docs/workload-format.md): a multilingual desk at three sites in different "
        "time zones, with business-hours arrival peaks, a weekly pattern and multi-skill agents on shifts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help=_("random seed; the same seed gives the same file"))
        parser.add_argument("--tickets", type=int, default=5000, help=_("number of tickets"))
        parser.add_argument("--days", type=int, default=7, help=_("days the arrivals span (from a Monday)"))
        parser.add_argument("--agents", type=int, default=60, help=_("number of agents"))
        parser.add_argument("--skills", type=int, default=8, help=_("number of skills"))
        parser.add_argument(
            "--languages", default="en,de", help=_("comma-separated languages; the first is spoken by every agent")
        )
        parser.add_argument(
            "--phrasing",
            choices=PHRASINGS,
            default="names",
            help=_("names: texts name their skill; jargon: each language has words of its own for each skill"),
        )
        parser.add_argument("--out", required=True, help=_("where to write the workload JSON"))

    def handle(self, *args: Any, **options: Any) -> None:
        languages = tuple(code.strip() for code in options["languages"].split(",") if code.strip())
        try:
            spec = Spec(
                seed=options["seed"],
                tickets=options["tickets"],
                days=options["days"],
                agents=options["agents"],
                skills=options["skills"],
                languages=languages,
                phrasing=options["phrasing"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": out.parent})
        out.write_text(json.dumps(generate(spec)), encoding="utf-8")
        self.stdout.write(_("wrote %(path)s (%(tickets)d tickets)") % {"path": out, "tickets": spec.tickets})
