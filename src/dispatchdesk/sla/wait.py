"""The expected wait to a new ticket's first response, read off the live queue (docs/features.md S5).

Plain Python, no Django: `dispatch.expected` counts the live queue into a `QueueSnapshot`,
bench/wait_estimate.py counts the simulator's board into the same, and both ask `estimate_wait`. The method, in the
words docs/sla-wait-estimate.md uses for support managers:

- someone in the group is free and nothing is ahead: about as long as the group's recent
  tickets waited, but no longer than the group takes between two answers;
- otherwise the ticket waits until the group has answered everyone ahead of it: its place in
  the queue divided by the pace at which the group has been answering lately, less the share
  of that pace that more urgent newcomers will take;
- nobody is on shift: until the next shift starts.

That first figure (the queue model) is then checked against experience: tickets answered lately
whose own figure was similar (same basis, within a factor of two, and alike in the group's recent
median wait, see `similar_bands`) waited what they waited, and the estimate becomes the median of
those waits, its range their 5th-95th percentile. A figure anchored to a known moment (the next
shift's start, an appointment) keeps its anchor: experience then says how long after it the
answer came (`lesson`). Queue models are biased in ways that change from desk to desk (agents who also
serve other skills, shift changes, tickets the text misreads); the bias shows in those waits,
and on desks the model was not tuned on this is what made the estimate generalise
(docs/decisions/0020-wait-calibration.md). With too few similar answers, the model's own
figure and range stand: the range is the spread of the time a steady random stream of answers
takes to reach the ticket's place (a gamma distribution, see `_spread`), widened because paces
drift. bench/wait_estimate.py measures how often real waits land inside it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

Basis = Literal["free_agent", "queue_rate", "queue_staffing", "next_shift", "appointment"]
# Tickets alike enough to learn from each other's waits: basis, band of the model's figure (bands double
# from half a minute), band of the group's recent median wait (or ANY, or NO_HISTORY).
Similar = tuple[Basis, int, int]
ANY, NO_HISTORY = -1, -2
# What recently answered tickets of a band taught (`lesson`: their waits, or for an anchored basis how
# long after their figure the answer came), newest first.
Experience = Callable[[Similar], Sequence[float]]
ANCHORED: frozenset[Basis] = frozenset({"next_shift", "appointment"})  # figures that are a known moment

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
# Calibration on what similar tickets waited: fewer answers than this and the model stands alone;
# the range is their 5th-95th percentile, so it holds about nine waits in ten if the desk keeps its ways.
MIN_SIMILAR = 30
LOW_SHARE, HIGH_SHARE = 0.05, 0.95
BAND_BASE_S = 30.0  # figures under half a minute share one band; above it, bands double
APPOINTMENT_EARLY_S, APPOINTMENT_LATE_S = 2 * 3600.0, 4 * 3600.0  # travel ahead; a busy day running late


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
    next_shift_in_s: when the group's next shift starts, if nobody is on shift now;
    appointment_in_s: for on-site work booked in a window, when the window opens (the engineer is
        dispatched for the appointment, not from the queue).
    """

    ahead: int
    free_slots: int
    agents_on_shift: int
    recent_first_responses: int = 0
    recent_more_urgent: int = 0
    recent_median_pickup_s: float | None = None
    window_s: float = HISTORY_S
    next_shift_in_s: float | None = None
    appointment_in_s: float | None = None

    def __post_init__(self) -> None:
        counts = (
            self.ahead,
            self.free_slots,
            self.agents_on_shift,
            self.recent_first_responses,
            self.recent_more_urgent,
        )
        given = (self.recent_median_pickup_s, self.next_shift_in_s, self.appointment_in_s)
        times = [t for t in given if t is not None]
        if min(*counts, *times) < 0:
            raise ValueError("queue counts and times cannot be negative")
        if not all(math.isfinite(t) for t in times):
            raise ValueError("queue times must be finite")
        if not 0 < self.window_s <= MAX_WINDOW_S:
            raise ValueError("the history window must be longer than zero and at most a week")


@dataclass(frozen=True, slots=True)
class Estimate:
    """Seconds until the first response, a plausible range (low <= seconds <= high) and how it was reached.

    figure: the queue model's own seconds, before calibration; similar: the bands of experience it
    was (or would have been) read from, the closest first. Both are kept with the ticket, so that
    once it is answered its wait tells later tickets in the same bands what to expect.
    """

    seconds: float
    low: float
    high: float
    basis: Basis
    figure: float
    similar: tuple[Similar, ...] = ()


def similar_bands(basis: Basis, figure: float, recent_median_pickup_s: float | None) -> tuple[Similar, ...]:
    """The bands a figure learns from: same basis and figure band, and also alike in the group's recent
    median wait (what the naive estimate says) when there is enough experience there; else any."""
    pickup = NO_HISTORY if recent_median_pickup_s is None else _band(recent_median_pickup_s)
    return (basis, _band(figure), pickup), (basis, _band(figure), ANY)


def _band(seconds: float) -> int:
    return 0 if seconds < BAND_BASE_S else 1 + int(math.log2(seconds / BAND_BASE_S))


def estimate_wait(snapshot: QueueSnapshot, experience: Experience | None = None) -> Estimate | None:
    """The expected wait; None when nobody is on shift and no shift is planned (nothing honest to say).

    experience: what recently answered tickets of a band (`Estimate.similar`) taught (`lesson`); the
    estimate follows them where there are enough (the module's doc).
    """
    model = _model(snapshot)
    if model is None:
        return None
    bands = similar_bands(model.basis, model.figure, snapshot.recent_median_pickup_s)
    for band in bands:
        lessons = experience(band) if experience is not None else ()
        if len(lessons) >= MIN_SIMILAR:
            ordered = sorted(lessons)
            shift = model.figure if model.basis in ANCHORED else 0.0
            point, low, high = (max(shift + _quantile(ordered, q), 0.0) for q in (0.5, LOW_SHARE, HIGH_SHARE))
            return Estimate(point, low, high, model.basis, model.figure, bands)
    return replace(model, similar=bands)


def lesson(basis: Basis, figure: float, wait: float) -> float:
    """What an answered ticket teaches its bands: its wait, or how long after its anchor it came."""
    return wait - figure if basis in ANCHORED else wait


def _quantile(ordered: Sequence[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def _model(snapshot: QueueSnapshot) -> Estimate | None:
    """The queue model's figure and range, from counts alone."""
    if snapshot.appointment_in_s is not None:
        start = snapshot.appointment_in_s  # dispatched around the window's start: a little early or late
        return Estimate(start, max(start - APPOINTMENT_EARLY_S, 0.0), start + APPOINTMENT_LATE_S, "appointment", start)
    pickup = snapshot.recent_median_pickup_s if snapshot.recent_median_pickup_s is not None else DEFAULT_PICKUP_S
    if snapshot.agents_on_shift == 0:
        if snapshot.next_shift_in_s is None:
            return None
        # who comes on shift is unknown: the range allows for one agent at the default pace
        start = snapshot.next_shift_in_s
        queued = _queue_wait(snapshot.ahead + 1, _staffing_rate(1))
        seconds = start + pickup
        return Estimate(seconds, start, start + max(queued.high, pickup * PICKUP_SPREAD), "next_shift", seconds)
    rate, basis = _service_rate(snapshot)
    # more urgent newcomers take their share of the answers first; some pace is always left (aging)
    left = max(rate - snapshot.recent_more_urgent / snapshot.window_s, rate * MIN_PACE_SHARE)
    place = snapshot.ahead + 1 - snapshot.free_slots
    if place <= 0:
        # no longer than the group's next answer would take anyway: recent waits include queueing
        usual = min(pickup, 1 / left)
        return Estimate(usual, 0.0, usual * PICKUP_SPREAD, "free_agent", usual)
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
    return Estimate(mean, mean * low / DRIFT, mean * high * DRIFT, basis, mean)


def _spread(place: int) -> tuple[float, float]:
    """10th and 90th percentiles of a gamma(place) wait, relative to its mean (Wilson-Hilferty).

    Answers arriving as a steady random stream reach place k after a gamma(k)-distributed time:
    for the next in line anything from a tenth to twice the mean, for the 100th within about 13%.
    """

    def quantile(z: float) -> float:
        return max(1 - 1 / (9 * place) + z / (3 * math.sqrt(place)), 0.0) ** 3

    return quantile(LOW_QUANTILE), quantile(HIGH_QUANTILE)
