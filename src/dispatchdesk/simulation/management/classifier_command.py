"""`dispatchdesk train-classifier A.json B.json ... --out MODEL.json`: learn text -> skill from labelled history."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from dispatchdesk.simulation.tagging import (
    Source,
    build_tagger,
    model_document,
    read_rules,
    source_from_workload,
    ticket_text,
)
from dispatchdesk.simulation.workload import Workload, WorkloadError, load_workload


class Command(BaseCommand):
    help = _(
        "Learn which skill a ticket's text asks for from workloads whose tickets carry their truth, and write a "
        "model file for `simulate --classifier`. Training data is kept per workload, so a simulation never uses "
        "what it learned from the very workload it replays."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("workloads", nargs="+", help=_("workload JSON files with truth"))
        parser.add_argument("--out", required=True, help=_("model file to write"))

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": out.parent})
        workloads = [self._load(path) for path in options["workloads"]]
        sources = [source_from_workload(w) for w in workloads]
        out.write_text(json.dumps(model_document(sources), sort_keys=True, separators=(",", ":")), encoding="utf-8")
        for workload, source in zip(workloads, sources, strict=True):
            self.stdout.write(self._summary(workload, source, sources))
        self.stdout.write(_("Wrote %(path)s.") % {"path": out})

    def _load(self, path: str) -> Workload:
        try:
            return load_workload(path)
        except WorkloadError as error:
            raise CommandError(_("Cannot learn from %(path)s: %(error)s") % {"path": path, "error": error}) from None

    def _summary(self, workload: Workload, source: Source, sources: list[Source]) -> str:
        """Accuracy on this workload of a model trained on the *other* ones (leave one out)."""
        skills = sorted(source.counts)
        tagger = build_tagger(sources, read_rules(None), source.fingerprint, skills)
        prior = {s: 1 / len(skills) for s in skills}
        tickets = workload.scenario.tickets
        right = 0
        for ticket in tickets:
            beliefs = tagger.beliefs(ticket_text(ticket), prior)
            guess = min(beliefs, key=lambda s: (-beliefs[s], s)) if beliefs else None
            right += guess == workload.truth.stage(ticket.index, 1).skill
        return _(
            "%(name)s: %(tickets)d tickets, skills %(skills)s; tagged right when learning from the others: %(share).1f%%"
        ) % {
            "name": source.name,
            "tickets": len(tickets),
            "skills": ", ".join(skills),
            "share": 100 * right / max(1, len(tickets)),
        }
