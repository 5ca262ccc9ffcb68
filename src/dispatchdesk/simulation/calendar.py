"""SLA clock of a workload (SIMULATION.md §1.2): wall time, or business hours only.

Times are seconds after the workload's epoch, which is a Monday 00:00 UTC, so day `d`
is weekday `d % 7`. The arithmetic follows the referee's so deadlines agree to the bit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DAY = 86_400.0
HOUR = 3_600.0
MAX_DAYS = 3660  # ten years of days: a calendar with no open hours in that span is broken


@dataclass(frozen=True, slots=True)
class SlaCalendar:
    kind: str = "calendar"  # "calendar" counts wall time, "business" only open hours
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    start_h: float = 8.0
    end_h: float = 18.0
    holidays: frozenset[int] = frozenset()

    @classmethod
    def from_policy(cls, sla_policy: Mapping[str, Any]) -> SlaCalendar:
        clock = sla_policy.get("clock", "calendar")
        if clock == "calendar":
            return cls("calendar")
        if clock != "business":
            raise ValueError(f"sla_policy.clock must be calendar or business, not {clock!r}")
        hours = sla_policy["business_hours"]
        calendar = cls(
            "business",
            tuple(hours["weekdays"]),
            float(hours["start_h"]),
            float(hours["end_h"]),
            frozenset(hours.get("holidays", [])),
        )
        if not calendar.weekdays or calendar.end_h <= calendar.start_h:
            raise ValueError("business_hours must open on some weekday for a positive span")
        return calendar

    def _window(self, day: int) -> tuple[float, float] | None:
        if day % 7 not in self.weekdays or day in self.holidays:
            return None
        return day * DAY + self.start_h * HOUR, day * DAY + self.end_h * HOUR

    def elapsed(self, t0: float, t1: float) -> float:
        """SLA-clock seconds between t0 and t1 (0 if t1 <= t0)."""
        if t1 <= t0:
            return 0.0
        if self.kind == "calendar":
            return t1 - t0
        total = 0.0
        for day in range(int(t0 // DAY), int(t1 // DAY) + 1):
            window = self._window(day)
            if window:
                total += max(0.0, min(t1, window[1]) - max(t0, window[0]))
        return total

    def due(self, t0: float, seconds: float) -> float:
        """Wall time at which `seconds` of SLA clock have elapsed after t0."""
        if self.kind == "calendar":
            return t0 + seconds
        left, day = seconds, int(t0 // DAY)
        for _ in range(MAX_DAYS):
            window = self._window(day)
            if window and window[1] > t0:
                start = max(t0, window[0])
                if start + left <= window[1]:
                    return start + left
                left -= window[1] - start
            day += 1
        raise ValueError("business calendar has no open hours")
