"""Replay the desk's own history under several policies, side by side (the what-if page of D10).

The page runs this synchronously, so the window is capped: a month of history replays in
seconds per policy, a year would hold a web worker for minutes.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from dispatchdesk.accounts.models import DispatchPolicy
from dispatchdesk.common.durations import shown, span
from dispatchdesk.common.errors import DomainError
from dispatchdesk.common.figures import percentage
from dispatchdesk.dispatch.models import RuleSetVersion
from dispatchdesk.simulation.export import default_sla_policy, export_window, export_workload
from dispatchdesk.simulation.report import rows
from dispatchdesk.simulation.runner import RunResult, simulate
from dispatchdesk.simulation.tagging import TaggingError
from dispatchdesk.simulation.workload import WorkloadError, parse_workload

MAX_DAYS = 31
HOURS_FROM_S = 3 * 3600  # a tail this long is charted in hours


@dataclass(frozen=True, slots=True)
class MetricRow:
    label: str
    values: tuple[str, ...]  # one formatted value per policy, in the order of Comparison.results


@dataclass(frozen=True, slots=True)
class Comparison:
    n_tickets: int
    n_agents: int
    rules_version: int | None
    sla_policy: str | None  # the desk's default SLA policy the replay measured against, by name
    sla_calendar: str | None
    results: tuple[RunResult, ...]

    @property
    def policies(self) -> list[str]:
        return [result.policy for result in self.results]

    def table(self) -> list[MetricRow]:
        """The metrics of docs/workload-format.md §4, labelled and formatted as the console's table."""
        body = [MetricRow(label, tuple(fmt(r.metrics.get(key)) for r in self.results)) for key, label, fmt in rows()]
        body.append(MetricRow(_("replay time (s)"), tuple(f"{r.seconds:.1f}" for r in self.results)))
        return body

    def chart(self) -> dict[str, Any]:
        """Shares in per cent and the 99th-percentile wait in minutes, or hours when it runs that long,
        for the charts; None where a figure is undefined (JSON has no NaN)."""
        tails = [r.metrics.get("wait_p99_s") for r in self.results]
        longest = max((t for t in tails if isinstance(t, int | float) and not math.isnan(t)), default=0.0)
        unit, per = (_("hours"), 3600.0) if longest >= HOURS_FROM_S else (_("minutes"), 60.0)
        return {
            "labels": self.policies,
            "frt_sla": [percent(r.metrics.get("frt_sla")) for r in self.results],
            "res_sla": [percent(r.metrics.get("res_sla")) for r in self.results],
            "wait_p99": [in_units(t, per) for t in tails],
            "wait_unit": _("Wait at the 99th percentile (%(unit)s)") % {"unit": unit},
        }

    @property
    def winner(self) -> RunResult | None:
        """The policy with the most first responses within target; the shorter tail, then the shorter
        average wait, break a tie (rounded as the page shows them, so a tie is one the reader sees)."""
        scored = [r for r in self.results if percent(r.metrics.get("frt_sla")) is not None]
        return max(scored, key=_standing, default=None)

    def verdict(self) -> str:
        """Why the winner won, in one sentence: its share against the runner-up's, then the tails."""
        winner = self.winner
        if winner is None:
            return _("No policy can be judged: no ticket in these days had a first-response target.")
        others = [r for r in self.results if r is not winner and percent(r.metrics.get("frt_sla")) is not None]
        runner_up = max(others, key=lambda r: r.metrics["frt_sla"], default=None)
        facts = {
            "winner": winner.policy,
            "share": _share(winner),
            "tail": _tail(winner),
        }
        if runner_up is None:
            return (
                _(
                    "%(winner)s met %(share)s of first-response targets; one ticket in a hundred waited %(tail)s or more."
                )
                % facts
            )
        facts |= {"other": runner_up.policy, "other_share": _share(runner_up), "other_tail": _tail(runner_up)}
        if _share(winner) == _share(runner_up) and _tail(winner) != _tail(runner_up):
            return (
                _(
                    "%(winner)s and %(other)s both met %(share)s of first-response targets; %(winner)s wins on the "
                    "longest waits: one ticket in a hundred waited %(tail)s or more, against %(other_tail)s."
                )
                % facts
            )
        if _share(winner) == _share(runner_up):
            facts |= {"mean": _mean(winner), "other_mean": _mean(runner_up)}
            return (
                _(
                    "%(winner)s and %(other)s both met %(share)s of first-response targets, and with both one ticket "
                    "in a hundred waited %(tail)s or more; %(winner)s wins on the average wait to a first response: "
                    "%(mean)s against %(other_mean)s."
                )
                % facts
            )
        return (
            _(
                "%(winner)s met %(share)s of first-response targets, %(other)s %(other_share)s; one ticket in a "
                "hundred waited %(tail)s or more with %(winner)s, %(other_tail)s with %(other)s."
            )
            % facts
        )


def _standing(result: RunResult) -> tuple[float, float, float]:
    """Share, tail and average wait, the first two rounded as the page shows them."""
    tail = _finite(result.metrics.get("wait_p99_s"))
    return (
        round(100 * result.metrics["frt_sla"]),
        -shown(tail) if math.isfinite(tail) else -math.inf,
        -_finite(result.metrics.get("wait_mean_s")),
    )


def _mean(result: RunResult) -> str:
    mean = _finite(result.metrics.get("wait_mean_s"))
    return span(mean) if math.isfinite(mean) else _("(no figure)")


def _share(result: RunResult) -> str:
    return percentage(result.metrics["frt_sla"], decimals=0)


def _tail(result: RunResult) -> str:
    tail = _finite(result.metrics.get("wait_p99_s"))
    return span(tail) if math.isfinite(tail) else _("(no figure)")


def in_units(value: Any, per: float) -> float | None:
    return None if not isinstance(value, int | float) or math.isnan(value) else round(value / per, 1)


def _finite(value: Any) -> float:
    return value if isinstance(value, int | float) and not math.isnan(value) else math.inf


def percent(value: Any) -> float | None:
    if not isinstance(value, int | float) or math.isnan(value):
        return None
    return round(100 * value, 1)


def check_compare_window(*, since: date, until: date) -> None:
    export_window(since=since, until=until)
    if (until - since).days > MAX_DAYS:
        raise DomainError(
            _("Compare at most %(days)d days at a time; this window has %(asked)d.")
            % {"days": MAX_DAYS, "asked": (until - since).days},
            code="window_too_long",
            status=422,
        )


def compare_policies(
    *, since: date, until: date, policies: Sequence[str], rules: RuleSetVersion | None = None
) -> Comparison:
    """Export [since, until) and replay it once per policy; reads the database, writes nothing."""
    check_compare_window(since=since, until=until)
    unknown = [name for name in policies if name not in DispatchPolicy.values]
    if unknown or not policies:
        known = ", ".join(DispatchPolicy.values)
        raise DomainError(_("Choose policies from %(known)s.") % {"known": known}, code="bad_policy")
    document = export_workload(since=since, until=until)
    try:
        workload = parse_workload(document)
        with tempfile.TemporaryDirectory() as folder:
            rules_path = _rules_file(Path(folder), rules)
            results = tuple(simulate(workload, name, rules_path=rules_path) for name in policies)
    except (WorkloadError, TaggingError) as error:
        raise DomainError(
            _("The history cannot be replayed: %(error)s") % {"error": error}, code="replay_failed"
        ) from None
    sla = default_sla_policy()
    return Comparison(
        n_tickets=len(document["tickets"]),
        n_agents=len(document["agents"]),
        rules_version=rules.number if rules else None,
        sla_policy=sla.policy.name if sla else None,
        sla_calendar=sla.policy.calendar.name if sla else None,
        results=results,
    )


def _rules_file(folder: Path, rules: RuleSetVersion | None) -> Path | None:
    """The simulator reads routing rules from a file, as `simulate --rules` does."""
    if rules is None:
        return None
    path = folder / f"rules-v{rules.number}.json"
    path.write_text(json.dumps(rules.rules), encoding="utf-8")
    return path
