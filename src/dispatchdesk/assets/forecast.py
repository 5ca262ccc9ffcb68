"""The maintenance model, plain Python (no Django): units, the spike filter and the trend forecast.

Per asset and measure: spikes are dropped (a point far from its neighbours' median, by MAD), counters
(run hours, error counts) are made monotonic across resets, and a Theil-Sen line through the recent
window says when the configured limit is crossed. A trend only counts when its lower confidence
bound still rises, so noise on a flat series never predicts a failure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dispatchdesk.common.lazy import lazy_import

if TYPE_CHECKING:
    import numpy as np
    from scipy import stats  # type: ignore[import-untyped]  # scipy ships no hints
else:
    np = lazy_import("numpy")
    stats = lazy_import("scipy.stats")

TEMPERATURE, VIBRATION, ERROR_COUNT, RUN_HOURS = "temperature", "vibration", "error_count", "run_hours"
COUNTERS = frozenset({ERROR_COUNT, RUN_HOURS})
CANONICAL_UNIT = {TEMPERATURE: "°C", VIBRATION: "mm/s", ERROR_COUNT: "", RUN_HOURS: "h"}

# Each measure's accepted units, as a function to its canonical unit.
_UNITS: dict[str, dict[str, tuple[float, float]]] = {  # unit -> (scale, offset): canonical = value*scale + offset
    TEMPERATURE: {
        "°c": (1.0, 0.0),
        "c": (1.0, 0.0),
        "degc": (1.0, 0.0),
        "celsius": (1.0, 0.0),
        "°f": (5 / 9, -32 * 5 / 9),
        "f": (5 / 9, -32 * 5 / 9),
        "degf": (5 / 9, -32 * 5 / 9),
        "fahrenheit": (5 / 9, -32 * 5 / 9),
        "k": (1.0, -273.15),
        "kelvin": (1.0, -273.15),
    },
    VIBRATION: {"mm/s": (1.0, 0.0), "in/s": (25.4, 0.0), "m/s": (1000.0, 0.0)},
    ERROR_COUNT: {"": (1.0, 0.0), "count": (1.0, 0.0), "errors": (1.0, 0.0)},
    RUN_HOURS: {"h": (1.0, 0.0), "hours": (1.0, 0.0), "min": (1 / 60, 0.0), "s": (1 / 3600, 0.0)},
}
# The physically possible range of each measure, in its canonical unit.
_RANGE = {TEMPERATURE: (-273.15, 2000.0), VIBRATION: (0.0, 1000.0), ERROR_COUNT: (0.0, 1e12), RUN_HOURS: (0.0, 1e7)}

DAY = 86400.0
MIN_NEIGHBOURS = 3  # fewer and a median says nothing


class UnitError(ValueError):
    """A unit this measure does not know, or a value that cannot be."""


def to_canonical(measure: str, value: float, unit: str) -> float:
    """The value in the measure's canonical unit; UnitError for an unknown unit or impossible value."""
    known = _UNITS[measure]
    key = unit.strip().lower().replace(" ", "")
    if key not in known:
        raise UnitError(f"unit:{unit}")
    if not math.isfinite(value):
        raise UnitError("value:not finite")
    scale, offset = known[key]
    converted = value * scale + offset
    low, high = _RANGE[measure]
    if not low <= converted <= high:
        raise UnitError("value:out of range")
    return converted


def known_units(measure: str) -> list[str]:
    return sorted(unit for unit in _UNITS[measure] if unit)


@dataclass(frozen=True)
class Settings:
    window_days: float = 7.0  # the trend is fitted on this much recent history
    min_points: int = 8
    min_span_days: float = 1.0
    stale_days: float = 3.0  # no reading for this long: no forecast
    spike_mads: float = 6.0  # a point this many (scaled) MADs from its neighbours' median is a spike
    spike_neighbours: int = 4  # on each side
    confidence: float = 0.90  # of the Theil-Sen slope interval; its lower bound must rise


@dataclass(frozen=True)
class Forecast:
    """When the limit is crossed at the current trend (seconds from `now`), or None when it is not."""

    level: float  # the fitted value at the last reading
    slope_per_day: float
    crossing_in: float | None  # seconds; 0 when already over the limit
    used: int  # readings the fit used
    spikes: tuple[int, ...]  # indices (into the given series) ignored as spikes
    reason: str = ""  # why there is no forecast: "few", "stale", "flat"


def spikes(values: Sequence[float], settings: Settings = Settings()) -> tuple[int, ...]:
    """Indices of points far from the median of their neighbours (a robust, local test)."""
    data = np.asarray(values, dtype=float)
    k = settings.spike_neighbours
    if len(data) <= MIN_NEIGHBOURS:
        return ()
    padded = np.concatenate((np.full(k, np.nan), data, np.full(k, np.nan)))
    around = np.delete(
        np.lib.stride_tricks.sliding_window_view(padded, 2 * k + 1), k, axis=1
    )  # each point's neighbours
    centre = np.nanmedian(around, axis=1)
    mad = 1.4826 * np.nanmedian(np.abs(around - centre[:, None]), axis=1)
    scale = np.maximum(mad, 0.005 * np.maximum(1.0, np.abs(centre)))  # a flat neighbourhood still has a scale
    enough = np.sum(~np.isnan(around), axis=1) >= MIN_NEIGHBOURS
    flagged = enough & (np.abs(data - centre) > settings.spike_mads * scale)
    return tuple(int(i) for i in np.flatnonzero(flagged))


def monotonic(values: Sequence[float]) -> list[float]:
    """A counter with its resets undone: after a drop, counting continues from the last total."""
    out: list[float] = []
    offset, previous = 0.0, None
    for value in values:
        if previous is not None and value < previous:
            offset += previous
        out.append(value + offset)
        previous = value
    return out


def forecast(
    measure: str,
    times: Sequence[float],
    values: Sequence[float],
    *,
    limit: float,
    now: float,
    settings: Settings = Settings(),
) -> Forecast:
    """Times in seconds (any epoch, ascending), values canonical. See the module docstring."""
    series = monotonic(values) if measure in COUNTERS else list(values)
    ignored = () if measure in COUNTERS else spikes(series, settings)
    keep = [i for i in range(len(series)) if i not in set(ignored)]
    t = np.asarray([times[i] for i in keep], dtype=float)
    v = np.asarray([series[i] for i in keep], dtype=float)
    if len(t) and now - t[-1] > settings.stale_days * DAY:
        return Forecast(float(v[-1]), 0.0, None, 0, ignored, "stale")
    recent = t >= (t[-1] - settings.window_days * DAY) if len(t) else t.astype(bool)
    t, v = t[recent], v[recent]
    if len(t) < settings.min_points or t[-1] - t[0] < settings.min_span_days * DAY:
        return Forecast(float(v[-1]) if len(v) else math.nan, 0.0, None, len(t), ignored, "few")
    days = (t - t[-1]) / DAY
    slope, intercept, low, _high = stats.theilslopes(v, days, alpha=settings.confidence)
    level = float(intercept)  # the fit at the last reading (days = 0 there)
    if level >= limit:
        return Forecast(level, float(slope), 0.0, len(t), ignored)
    if low <= 0 or slope <= 0:
        return Forecast(level, float(slope), None, len(t), ignored, "flat")
    crossing = t[-1] + (limit - level) / slope * DAY - now
    return Forecast(level, float(slope), max(0.0, float(crossing)), len(t), ignored)


OPEN, CLOSE, KEEP = "open", "close", "keep"


def episode_step(result: Forecast, *, lead_days: float, is_open: bool) -> str:
    """What a forecast does to the asset+measure's episode: open an inspection when the crossing is
    within the lead time, close the episode when the trend is gone (no crossing, or one more than
    twice the lead time away: the hysteresis keeps a wavering trend from opening a second one)."""
    lead = lead_days * DAY
    if result.crossing_in is None or result.crossing_in > 2 * lead:
        return CLOSE if is_open else KEEP
    return OPEN if result.crossing_in <= lead and not is_open else KEEP
