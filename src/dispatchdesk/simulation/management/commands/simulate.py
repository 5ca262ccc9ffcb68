"""`dispatchdesk simulate WORKLOAD.json --log OUT.jsonl [--audit]`: replay a workload and print its metrics.

`--audit` then checks each log just written with the project's auditor (simulation/audit.py);
`--audit-only LOG` checks an existing log without replaying. Problems found end the command
with exit status 3, so scripts can tell them from unusable input (1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from dispatchdesk.simulation.audit import Audit, LogError, audit_file
from dispatchdesk.simulation.report import ProgressBar, table
from dispatchdesk.simulation.runner import (
    DEFAULT_POLICY_NAME,
    DEFAULT_TAGGING,
    POLICIES,
    TAGGINGS,
    RunResult,
    simulate,
    write_log,
)
from dispatchdesk.simulation.tagging import TaggingError
from dispatchdesk.simulation.workload import Workload, WorkloadError, load_workload

AUDIT_FAILED = 3  # exit status when an audited log breaks a rule or disagrees with the physics
SHOWN_FINDINGS = 20  # findings listed per log; the counts cover them all


class Command(BaseCommand):
    help = _(
        "Replay a workload (docs/workload-format.md) through the dispatch engine with a simulated clock, "
        "write the assignment log and print SLA, wait, utilisation and fairness metrics. Never touches the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("workload", help=_("workload JSON file"))
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--log", help=_("where to write the assignment log (JSON Lines)"))
        target.add_argument(
            "--audit-only",
            metavar="LOG",
            help=_("do not replay: audit this existing assignment log against the workload"),
        )
        parser.add_argument(
            "--audit",
            action="store_true",
            help=_("audit each log written against the workload's rules (exit status 3 on problems)"),
        )
        parser.add_argument("--policy", default=DEFAULT_POLICY_NAME, help=_("routing policy: %s") % ", ".join(POLICIES))
        parser.add_argument("--rules", help=_("JSON file with tagging keywords and engine policy settings"))
        parser.add_argument("--classifier", help=_("skill model made by train-classifier (default: the shipped one)"))
        parser.add_argument(
            "--tagging",
            choices=TAGGINGS,
            default=DEFAULT_TAGGING,
            help=_(
                "how ticket text is read: learned online from each worked ticket (default), the shipped model, "
                "or the keywords alone"
            ),
        )
        parser.add_argument(
            "--compare",
            help=_("comma-separated policies to run as well, side by side; their logs go to OUT.<policy>.jsonl"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["audit_only"]:
            self._audit(self._workload(options["workload"]), [Path(options["audit_only"])])
            return
        names = self._policies(options["policy"], options["compare"])
        log = Path(options["log"])
        if not log.parent.is_dir():
            raise CommandError(_("The log's folder %(folder)s does not exist.") % {"folder": log.parent})
        workload = self._workload(options["workload"])
        results = [self._run(workload, name, options) for name in names]
        paths = [log if i == 0 else log.with_suffix(f".{result.policy}.jsonl") for i, result in enumerate(results)]
        for result, path in zip(results, paths, strict=True):
            write_log(result.tally, path)
        self.stdout.write(table(results))
        if options["audit"]:
            self._audit(workload, paths)

    def _workload(self, path: str) -> Workload:
        try:
            return load_workload(path)
        except WorkloadError as error:
            raise CommandError(_("Cannot use the workload: %(error)s") % {"error": error}) from None

    def _audit(self, workload: Workload, paths: list[Path]) -> None:
        failed = []
        for path in paths:
            try:
                audit = audit_file(workload, path)
            except LogError as error:
                raise CommandError(_("Cannot audit the log: %(error)s") % {"error": error}) from None
            self.stdout.write(describe(path, audit))
            if not audit.ok:
                failed.append(str(path))
        if failed:
            message = _("The audit found problems in %(logs)s.") % {"logs": ", ".join(failed)}
            raise CommandError(message, returncode=AUDIT_FAILED)

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
                workload,
                name,
                rules_path=options["rules"],
                classifier_path=options["classifier"],
                progress=shown,
                tagging=options["tagging"],
            )
        except TaggingError as error:
            raise CommandError(str(error)) from None
        finally:
            bar.close()


def describe(path: Path, audit: Audit) -> str:
    """The audit of one log: counts by family, then the first findings, one a line."""
    kinds = ", ".join(f"{kind} {count}" for kind, count in audit.violations.items())
    counts = {
        "log": path,
        "records": audit.records,
        "responses": len(audit.tally.first_response),
        "resolved": len(audit.tally.resolved),
    }
    lines = [
        "",
        _("audit of %(log)s: %(records)d assignments, %(responses)d first responses, %(resolved)d resolutions")
        % counts,
        _("hard-rule violations: %(count)d") % {"count": audit.hard_violations} + (f" ({kinds})" if kinds else ""),
        _("not waiting: %(count)d") % {"count": audit.not_waiting},
        _("physics mismatches: %(count)d") % {"count": audit.physics_mismatch},
        _("misrouted (triaged and handed back, allowed): %(count)d") % {"count": audit.tally.misrouted},
        *(str(finding) for finding in audit.findings[:SHOWN_FINDINGS]),
    ]
    if len(audit.findings) > SHOWN_FINDINGS:
        lines.append(_("… and %(count)d more") % {"count": len(audit.findings) - SHOWN_FINDINGS})
    verdict = _("OK: every assignment keeps the rules and ends when the rules say.") if audit.ok else _("FAILED")
    return "\n".join([*lines[:2], *(f"  {line}" for line in lines[2:]), verdict])
