"""The metrics table of docs/workload-format.md §4, one column per policy, for the console."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from dispatchdesk.common.durations import span
from dispatchdesk.common.figures import figure, percentage
from dispatchdesk.simulation.runner import RunResult

Format = Callable[[Any], str]
BAR_WIDTH = 30


def _share(value: Any) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else percentage(value, decimals=1)


def _span(value: Any) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else span(value)


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else figure(value, decimals=3)


def rows() -> list[tuple[str, str, Format]]:
    return [
        # The share within target, with the longest waits beside it: a policy can win the share by
        # leaving a few tickets behind, and the tail shows whether it does.
        ("frt_sla", _("first response within target"), _share),
        ("wait_p99_s", _("wait, 99th percentile"), _span),
        ("p1_frt_sla", _("P1 first response within target"), _share),
        ("res_sla", _("resolved within target"), _share),
        ("wait_mean_s", _("wait to first response, mean"), _span),
        ("wait_p50_s", _("wait, median"), _span),
        ("wait_p90_s", _("wait, 90th percentile"), _span),
        ("p_wait_gt0", _("share that waited at all"), _share),
        ("resolution_mean_s", _("time to resolution, mean"), _span),
        ("util_mean", _("utilisation, mean"), _share),
        ("util_gini", _("utilisation, Gini (fairness)"), _number),
        ("util_std", _("utilisation, std deviation"), _number),
        ("misrouted", _("misrouted (triaged and handed back)"), _number),
        ("unserved", _("never resolved"), _number),
        ("onsite_jobs", _("on-site jobs"), _number),
        ("travel_mean_s", _("travel per on-site job, mean"), _span),
        ("window_missed", _("appointment windows missed"), _number),
        ("assignments", _("assignments logged"), _number),
    ]


def table(results: Sequence[RunResult]) -> str:
    header = [_("metric"), *(r.policy for r in results)]
    body = [[label, *(fmt(r.metrics.get(key)) for r in results)] for key, label, fmt in rows()]
    body.append([_("replay time (s)"), *(figure(r.seconds, decimals=1) for r in results)])
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths, strict=True)))
             for line in [header, *body]]  # fmt: skip
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


class ProgressBar:
    """A bar on stderr for replays that take more than a moment; silent for short ones."""

    def __init__(self, label: str, write: Callable[[str], None] | None = None, delay_s: float = 1.0) -> None:
        self.label = label
        self.write = write or _stderr
        self.started = time.monotonic()
        self.delay_s = delay_s
        self.shown = False

    def __call__(self, done: float) -> None:
        if time.monotonic() - self.started < self.delay_s:
            return
        filled = int(BAR_WIDTH * min(max(done, 0.0), 1.0))
        self.write(f"\r{self.label} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done:4.0%}")
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.write("\n")


def _stderr(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()
