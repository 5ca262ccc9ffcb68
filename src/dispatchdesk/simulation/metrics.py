"""The metrics of docs/workload-format.md §4, computed from the replay's own records.

The definitions follow the referee's (score.py) so the product's table and the referee's
agree: share of first responses and resolutions within target on the SLA clock, waits
from arrival to first response, utilisation per agent on line in [0, horizon), fairness.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any

from dispatchdesk.simulation.availability import EPS, Availability
from dispatchdesk.simulation.simulator import Tally
from dispatchdesk.simulation.workload import Scenario, TicketSpec

HEADLINE = (
    "frt_sla",
    "p1_frt_sla",
    "res_sla",
    "wait_mean_s",
    "wait_p50_s",
    "wait_p90_s",
    "wait_p99_s",
    "resolution_mean_s",
    "util_mean",
    "util_gini",
    "misrouted",
    "unserved",
    "window_missed",
)


def compute(scenario: Scenario, tally: Tally, availability: Availability) -> dict[str, Any]:
    scope = [t for t in scenario.tickets if t.arrival >= scenario.warmup_s]
    per_priority, waits, resolutions = _outcomes(scenario, tally, scope)
    n = max(1, len(scope))
    p1 = per_priority.get("P1", [0, 0, 0])
    utils = _utilisation(scenario, tally, availability)
    return {
        "n_tickets": len(scope),
        "frt_sla": sum(c[1] for c in per_priority.values()) / n,
        "res_sla": sum(c[2] for c in per_priority.values()) / n,
        "p1_frt_sla": p1[1] / p1[0] if p1[0] else math.nan,
        "per_priority": {
            p: {"n": c[0], "frt_sla": c[1] / c[0], "res_sla": c[2] / c[0]} for p, c in sorted(per_priority.items())
        },
        "wait_mean_s": statistics.fmean(waits) if waits else math.nan,
        "wait_p50_s": quantile(waits, 0.5),
        "wait_p90_s": quantile(waits, 0.9),
        "wait_p99_s": quantile(waits, 0.99),
        "p_wait_gt0": sum(w > EPS for w in waits) / max(1, len(waits)),
        "resolution_mean_s": statistics.fmean(resolutions) if resolutions else math.nan,
        "util_mean": statistics.fmean(utils) if utils else math.nan,
        "util_gini": gini(utils),
        "util_std": statistics.pstdev(utils) if utils else math.nan,
        "misrouted": tally.misrouted,
        "overtime_share": tally.overtime_s / max(1e-9, tally.overtime_s + sum(tally.busy_s.values())),
        "unserved": sum(1 for t in scope if t.index not in tally.resolved),
        "onsite_jobs": tally.onsite_jobs,
        "travel_mean_s": statistics.fmean(tally.travel_s) if tally.travel_s else 0.0,
        "window_missed": tally.window_missed,
        "assignments": len(tally.log),
    }


def _outcomes(
    scenario: Scenario, tally: Tally, scope: Sequence[TicketSpec]
) -> tuple[dict[str, list[int]], list[float], list[float]]:
    """Per priority [tickets, first responses in time, resolutions in time]; sorted waits; resolution times."""
    calendar = scenario.calendar
    per_priority: dict[str, list[int]] = {}
    waits, resolutions = [], []
    for ticket in scope:
        target = scenario.targets[ticket.priority]
        first, done = tally.first_response.get(ticket.index), tally.resolved.get(ticket.index)
        counts = per_priority.setdefault(ticket.priority, [0, 0, 0])
        counts[0] += 1
        counts[1] += first is not None and calendar.elapsed(ticket.arrival, first) <= target.first_response_s + EPS
        counts[2] += done is not None and calendar.elapsed(ticket.arrival, done) <= target.resolution_s + EPS
        if first is not None:
            waits.append(first - ticket.arrival)
        if done is not None:
            resolutions.append(done - ticket.arrival)
    waits.sort()
    return per_priority, waits, resolutions


def _utilisation(scenario: Scenario, tally: Tally, availability: Availability) -> list[float]:
    utils = []
    for agent in scenario.agents:
        online = availability.online_seconds(agent.id, 0.0, scenario.horizon_s)
        if online > 0:
            utils.append(tally.busy_s[agent.id] / (agent.capacity * online))
    return utils


def gini(values: Sequence[float]) -> float:
    ordered = sorted(values)
    n, total = len(ordered), sum(ordered)
    if n == 0 or total <= 0:
        return 0.0
    cumulative = sum((i + 1) * x for i, x in enumerate(ordered))
    return (2 * cumulative) / (n * total) - (n + 1) / n


def quantile(ordered: Sequence[float], q: float) -> float:
    if not ordered:
        return math.nan
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
