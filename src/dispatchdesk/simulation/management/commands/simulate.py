"""`dispatchdesk simulate WORKLOAD.json --log OUT.jsonl`: replay a workload and print its metrics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from dispatchdesk.simulation.report import ProgressBar, table
from dispatchdesk.simulation.runner import DEFAULT_POLICY_NAME, POLICIES, RunResult, simulate, write_log
from dispatchdesk.simulation.tagging import TaggingError
from dispatchdesk.simulation.workload import WorkloadError, load_workload


class Command(BaseCommand):
    help = _(
        "Replay a workload (SIMULATION.md format) through the dispatch engine with a simulated clock, "
        "write the assignment log and print SLA, wait, utilisation and fairness metrics. Never touches the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("workload", help=_("workload JSON file"))
        parser.add_argument("--log", required=True, help=_("where to write the assignment log (JSON Lines)"))
        parser.add_argument("--policy", default=DEFAULT_POLICY_NAME, help=_("routing policy: %s") % ", ".join(POLICIES))
        parser.add_argument("--rules", help=_("JSON file with tagging keywords and engine policy settings"))
        parser.add_argument("--classifier", help=_("skill model made by train-classifier (default: the shipped one)"))
        parser.add_argument(
            "--compare",
            help=_("comma-separated policies to run as well, side by side; their logs go to OUT.<policy>.jsonl"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        names = self._policies(options["policy"], options["compare"])
        log = Path(options["log"])
        if not log.parent.is_dir():
            raise CommandError(_("The log's folder %(folder)s does not exist.") % {"folder": log.parent})
        try:
            workload = load_workload(options["workload"])
        except WorkloadError as error:
            raise CommandError(_("Cannot use the workload: %(error)s") % {"error": error}) from None
        results = [self._run(workload, name, options) for name in names]
        for i, result in enumerate(results):
            write_log(result.tally, log if i == 0 else log.with_suffix(f".{result.policy}.jsonl"))
        self.stdout.write(table(results))

    def _to_stderr(self, text: str) -> None:
        self.stderr.write(text, ending="")
        self.stderr.flush()

    def _policies(self, primary: str, compare: str | None) -> list[str]:
        names = [primary, *(n.strip() for n in (compare or "").split(",") if n.strip())]
        unknown = [n for n in names if n not in POLICIES]
        if unknown:
            raise CommandError(
                _("Unknown policy %(names)s; choose from %(known)s.")
                % {"names": ", ".join(unknown), "known": ", ".join(POLICIES)}
            )
        return list(dict.fromkeys(names))

    def _run(self, workload: Any, name: str, options: dict[str, Any]) -> RunResult:
        bar = ProgressBar(_("simulating %(policy)s") % {"policy": name}, self._to_stderr)
        shown = bar if self.stderr.isatty() else None  # a bar redrawn in a log file is noise
        try:
            return simulate(
                workload, name, rules_path=options["rules"], classifier_path=options["classifier"], progress=shown
            )
        except TaggingError as error:
            raise CommandError(str(error)) from None
        finally:
            bar.close()
