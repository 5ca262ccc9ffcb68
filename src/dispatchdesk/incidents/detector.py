"""Surge detection per series (A4): plain Python and scipy, no Django (import-linter).

A series is the tickets of one category or one region. At each new ticket of a series, the count of
its tickets in the last window is compared with what the series usually brings in such a window: the
larger of its average over the baseline days and its average at the same hours of day on the
baseline's days of the same kind, weekdays or weekends (desks are busier at ten on a Tuesday than at night
or on a Sunday). The count is a surge when it is at least
MIN_COUNT and a Poisson variable with that expected value would reach it with probability below ALPHA.
docs/decisions/0046-incidents.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from dispatchdesk.common.lazy import lazy_import

if TYPE_CHECKING:
    from scipy import special  # type: ignore[import-untyped]  # scipy ships no hints
else:
    special = lazy_import("scipy.special")


SATURDAY = 5


@dataclass(frozen=True)
class Rule:
    window: timedelta = timedelta(hours=1)
    baseline: timedelta = timedelta(days=14)
    min_count: int = 5
    alpha: float = 1e-4
    # An empty history still expects a little: one ticket a day, so a quiet series' first few tickets
    # are not a surge by themselves.
    floor_per_day: float = 1.0


@dataclass(frozen=True)
class Verdict:
    surge: bool
    count: int  # tickets in the window, the new one included
    expected: float  # what the series usually brings in a window like it
    p_value: float


def expected_in_window(history: Sequence[datetime], *, now: datetime, rule: Rule) -> float:
    """The usual count of a window ending `now`, from the series' tickets of the baseline before the window."""
    start = now - rule.window - rule.baseline
    end = now - rule.window
    past = [moment for moment in history if start <= moment < end]
    windows = rule.baseline / rule.window
    flat = len(past) / windows
    weekend = now.weekday() >= SATURDAY
    days = sum(
        1 for day in range(1, rule.baseline.days + 1) if ((now - timedelta(days=day)).weekday() >= SATURDAY) == weekend
    )
    same_hours = [m for m in past if (m.weekday() >= SATURDAY) == weekend and _in_same_hours(m, now, rule.window)]
    seasonal = len(same_hours) / max(days, 1)
    floor = rule.floor_per_day * (rule.window / timedelta(days=1))
    return max(flat, seasonal, floor)


def _in_same_hours(moment: datetime, now: datetime, window: timedelta) -> bool:
    """Whether `moment` fell, on its own day, within the window's time of day."""
    start = (now - window).time()
    end = now.time()
    clock = moment.time()
    return start <= clock < end if start < end else clock >= start or clock < end


def judge(history: Sequence[datetime], *, now: datetime, rule: Rule = Rule()) -> Verdict:
    """Whether the series' tickets up to `now` (`history`, any order) make a surge at `now`."""
    count = sum(1 for moment in history if now - rule.window < moment <= now)
    expected = expected_in_window(history, now=now, rule=rule)
    p_value = float(special.pdtrc(count - 1, expected))  # P(X >= count): Poisson's upper tail
    return Verdict(count >= rule.min_count and p_value < rule.alpha, count, expected, p_value)
