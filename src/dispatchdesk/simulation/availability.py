"""When each agent may receive work: shift intervals minus unplanned absences (docs/workload-format.md §1.5).

Work in hand at a planned shift end is finished; an `offline` event with `requeue`
(the default) hands unfinished work back to the queue at that instant. The interval
arithmetic and its 1e-6 s tolerance follow the referee, so "online" means the same there.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence

from dispatchdesk.simulation.workload import AgentSpec, AvailabilityEvent

EPS = 1e-6
Interval = tuple[float, float]


class Availability:
    def __init__(self, agents: Sequence[AgentSpec], events: Iterable[AvailabilityEvent]) -> None:
        self.online: dict[str, list[Interval]] = {}
        self.preempt: dict[str, list[float]] = {}
        outages = self._outages(events)
        for agent in agents:
            self.online[agent.id] = _subtract(sorted(agent.shifts), outages.get(agent.id, []))
        self._starts = {k: [s for s, _ in v] for k, v in self.online.items()}

    def _outages(self, events: Iterable[AvailabilityEvent]) -> dict[str, list[Interval]]:
        outages: dict[str, list[Interval]] = {}
        open_off: dict[str, float] = {}
        for event in sorted(events, key=lambda e: e.t):
            if event.kind == "offline":
                open_off[event.agent] = event.t  # a second offline restarts the absence, as the referee does
                if event.requeue:
                    self.preempt.setdefault(event.agent, []).append(event.t)
            elif event.kind == "online" and event.agent in open_off:
                outages.setdefault(event.agent, []).append((open_off.pop(event.agent), event.t))
        for agent_id, t in open_off.items():
            outages.setdefault(agent_id, []).append((t, math.inf))
        return outages

    def is_online(self, agent_id: str, t: float) -> bool:
        intervals, starts = self.online[agent_id], self._starts[agent_id]
        i = bisect.bisect_right(starts, t + EPS) - 1
        return i >= 0 and intervals[i][0] - EPS <= t < intervals[i][1] - EPS

    def next_preempt(self, agent_id: str, t: float) -> float:
        """First unplanned offline instant strictly after t (inf if none)."""
        times = self.preempt.get(agent_id, [])
        i = bisect.bisect_right(times, t + EPS)
        return times[i] if i < len(times) else math.inf

    def online_seconds(self, agent_id: str, t0: float, t1: float) -> float:
        return sum(max(0.0, min(e, t1) - max(s, t0)) for s, e in self.online[agent_id])

    def changes(self, agent_id: str) -> list[float]:
        """Instants at which the agent may come on or go off line (sorted, finite)."""
        points = {p for interval in self.online[agent_id] for p in interval if math.isfinite(p)}
        # going off line happens EPS before an interval's end, by the referee's rule
        points |= {e - EPS for _, e in self.online[agent_id] if math.isfinite(e)}
        return sorted(points)


def _subtract(intervals: list[Interval], holes: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for start, end in intervals:
        pieces = [(start, end)]
        for hole_start, hole_end in holes:
            pieces = _cut(pieces, hole_start, hole_end)
        out.extend(pieces)
    return sorted(out)


def _cut(pieces: list[Interval], hole_start: float, hole_end: float) -> list[Interval]:
    kept: list[Interval] = []
    for start, end in pieces:
        if hole_end <= start or hole_start >= end:
            kept.append((start, end))
            continue
        if hole_start > start:
            kept.append((start, hole_start))
        if hole_end < end:
            kept.append((hole_end, end))
    return kept
