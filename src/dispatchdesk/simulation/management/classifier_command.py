"""`dispatchdesk train-classifier A.json B.json ... --out MODEL.json`: learn text -> skill from labelled history.

`dispatchdesk train-classifier --from-desk` learns category, skill and priority from this desk's resolved
tickets instead and stores the model as the next version in the database (what the worker does daily).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from dispatchdesk.dispatch.services.classify import classifier_train
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
        parser.add_argument("workloads", nargs="*", help=_("workload JSON files with truth"))
        parser.add_argument("--out", help=_("model file to write"))
        parser.add_argument(
            "--from-desk",
            action="store_true",
            help=_("learn from this desk's resolved tickets and store the model in the database"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["from_desk"]:
            if options["workloads"] or options["out"]:
                raise CommandError(_("--from-desk reads the database: give neither workloads nor --out."))
            self._from_desk()
            return
        if not options["workloads"] or not options["out"]:
            raise CommandError(_("Give workload files and --out, or --from-desk."))
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": out.parent})
        workloads = [self._load(path) for path in options["workloads"]]
        sources = [source_from_workload(w) for w in workloads]
        out.write_text(json.dumps(model_document(sources), sort_keys=True, separators=(",", ":")), encoding="utf-8")
        for workload, source in zip(workloads, sources, strict=True):
            self.stdout.write(self._summary(workload, source, sources))
        self.stdout.write(_("Wrote %(path)s.") % {"path": out})

    def _from_desk(self) -> None:
        version = classifier_train()
        if not version.usable:
            raise CommandError(
                _("Version %(number)d is not switched on: %(reason)s")
                % {"number": version.number, "reason": version.reason}
            )
        accuracy = ", ".join(f"{target} {100 * share:.1f}%" for target, share in version.accuracy.items())
        self.stdout.write(
            _(
                "Version %(number)d trained on %(trained)d resolved tickets; on the %(held)d most recent ones it was "
                "right for %(accuracy)s."
            )
            % {"number": version.number, "trained": version.trained_on, "held": version.held_out, "accuracy": accuracy}
        )

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
