"""The expected wait to a new ticket's first response, read off the live queue (docs/features.md S5).

Plain Python, no Django: `sla.expected` counts the live queue into a `QueueSnapshot`,
bench/wait_estimate.py counts the simulator's board into the same, and both ask `estimate_wait`. The method, in the
words docs/sla-wait-estimate.md uses for support managers:

- someone in the group is free and nothing is ahead: about as long as the group's recent
  tickets waited, but no longer than the group takes between two answers;
- otherwise the ticket waits until the group has answered everyone ahead of it: its place in
  the queue divided by the pace at which the group has been answering lately, less the share
  of that pace that more urgent newcomers will take;
- nobody is on shift: until the next shift starts.

The range around a queue estimate is the spread of the time a steady random stream of answers
takes to reach the ticket's place (a gamma distribution, see `_spread`), widened because paces
drift. bench/wait_estimate.py measures how often real waits land inside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Basis = Literal["free_agent", "queue_rate", "queue_staffing", "next_shift"]

DEFAULT_PICKUP_S = 300.0  # a free agent's pickup when the group has no recent history to go by
# Answers an agent gives in an hour when the group's own history is too thin to trust: a cautious
# guess (a desk handling one ticket in 15 minutes), only ever used as a floor under what was seen.
DEFAULT_RESPONSES_PER_AGENT_HOUR = 4.0
# How far back the recent pace looks. A pace over the last few dozen answers would follow a group
# that has just got busy sooner, but it was measured to be noisier (docs/sla-wait-estimate.md).
HISTORY_S = 4 * 3600.0
MAX_WINDOW_S = 7 * 86400.0  # a pace over more than a week says nothing about the next hour
THIN_HISTORY = 10  # fewer first responses than this in the window: the recent pace is only a hint
LOW_QUANTILE, HIGH_QUANTILE = -1.2816, 1.2816  # normal z of the 10th and 90th percentiles
MIN_PACE_SHARE = 0.25  # the queue moves at least this share of the group's pace for any ticket
# A group's pace changes while a ticket waits (people break, tickets differ): the queue's range is
# widened by this factor on each side. Calibrated once on the sample workloads' 10-90% spread.
DRIFT = 1.5
PICKUP_SPREAD = 3.0  # a free agent answers at once or takes up to this many times the usual pickup


@dataclass(frozen=True, slots=True)
class QueueSnapshot:
    """The group's queue as a new ticket joins it; counts, not rows.

    ahead: waiting unassigned tickets of the group that the queue order serves before this one
        (more urgent, or as urgent and older);
    free_slots: free places of the group's agents who are on shift and online (capacity - load);
    agents_on_shift: the group's agents on shift and online now;
    recent_first_responses: first responses to the group's tickets in the last `window_s` seconds;
    recent_more_urgent: the group's tickets more urgent than this one created in that window (more
        will come while this ticket waits, and each goes before it);
    recent_median_pickup_s: the median creation-to-first-response time of the tickets answered in it;
    next_shift_in_s: when the group's next shift starts, if nobody is on shift now.
    """

    ahead: int
    free_slots: int
    agents_on_shift: int
    recent_first_responses: int = 0
    recent_more_urgent: int = 0
    recent_median_pickup_s: float | None = None
    window_s: float = HISTORY_S
    next_shift_in_s: float | None = None

    def __post_init__(self) -> None:
        counts = (
            self.ahead,
            self.free_slots,
            self.agents_on_shift,
            self.recent_first_responses,
            self.recent_more_urgent,
        )
        times = [t for t in (self.recent_median_pickup_s, self.next_shift_in_s) if t is not None]
        if min(*counts, *times) < 0:
            raise ValueError("queue counts and times cannot be negative")
        if not all(math.isfinite(t) for t in times):
            raise ValueError("queue times must be finite")
        if not 0 < self.window_s <= MAX_WINDOW_S:
            raise ValueError("the history window must be longer than zero and at most a week")


@dataclass(frozen=True, slots=True)
class Estimate:
    """Seconds until the first response, a plausible range (low <= seconds <= high) and how it was reached."""

    seconds: float
    low: float
    high: float
    basis: Basis


def estimate_wait(snapshot: QueueSnapshot) -> Estimate | None:
    """The expected wait; None when nobody is on shift and no shift is planned (nothing honest to say)."""
    pickup = snapshot.recent_median_pickup_s if snapshot.recent_median_pickup_s is not None else DEFAULT_PICKUP_S
    if snapshot.agents_on_shift == 0:
        if snapshot.next_shift_in_s is None:
            return None
        # who comes on shift is unknown: the range allows for one agent at the default pace
        start = snapshot.next_shift_in_s
        queued = _queue_wait(snapshot.ahead + 1, _staffing_rate(1))
        return Estimate(start + pickup, start, start + max(queued.high, pickup * PICKUP_SPREAD), "next_shift")
    rate, basis = _service_rate(snapshot)
    # more urgent newcomers take their share of the answers first; some pace is always left (aging)
    left = max(rate - snapshot.recent_more_urgent / snapshot.window_s, rate * MIN_PACE_SHARE)
    place = snapshot.ahead + 1 - snapshot.free_slots
    if place <= 0:
        # no longer than the group's next answer would take anyway: recent waits include queueing
        usual = min(pickup, 1 / left)
        return Estimate(usual, 0.0, usual * PICKUP_SPREAD, "free_agent")
    return _queue_wait(place, left, basis)


def _service_rate(snapshot: QueueSnapshot) -> tuple[float, Basis]:
    """First responses a second the group manages now (> 0 with someone on shift): its recent pace,
    or, while that rests on few answers, what its staffing should manage if that is more."""
    observed = snapshot.recent_first_responses / snapshot.window_s
    if snapshot.recent_first_responses >= THIN_HISTORY:
        return observed, "queue_rate"
    floor = _staffing_rate(snapshot.agents_on_shift)
    return (observed, "queue_rate") if observed >= floor else (floor, "queue_staffing")


def _staffing_rate(agents: int) -> float:
    return agents * DEFAULT_RESPONSES_PER_AGENT_HOUR / 3600


def _queue_wait(place: int, rate: float, basis: Basis = "queue_rate") -> Estimate:
    """Time until `place` answers have been given at `rate` a second, with its 10-90% range."""
    mean = place / rate
    low, high = _spread(place)
    return Estimate(mean, mean * low / DRIFT, mean * high * DRIFT, basis)


def _spread(place: int) -> tuple[float, float]:
    """10th and 90th percentiles of a gamma(place) wait, relative to its mean (Wilson-Hilferty).

    Answers arriving as a steady random stream reach place k after a gamma(k)-distributed time:
    for the next in line anything from a tenth to twice the mean, for the 100th within about 13%.
    """

    def quantile(z: float) -> float:
        return max(1 - 1 / (9 * place) + z / (3 * math.sqrt(place)), 0.0) ** 3

    return quantile(LOW_QUANTILE), quantile(HIGH_QUANTILE)
