"""A workload's SLA clock (docs/workload-format.md §1.2): wall time, or business hours only.

Which moments are open is the product's one business-hours calendar (sla.calendar), built from the
workload's `business_hours`; this module only turns its open spans into the simulator's seconds
after the workload's epoch. Span edges are whole minutes after a midnight, so they are exact in
floating point, and the sums here are the plain float sums the format's rules use: deadlines agree
to the bit with an outside check of the same log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from dispatchdesk.sla.calendar import MINUTES_PER_DAY, BusinessCalendar, open_intervals

DAY = 86_400.0
HOUR = 3_600.0
MAX_DAYS = 3660  # ten years of days: a calendar with no open hours in that span is broken

Spans = tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class SlaCalendar:
    """`calendar` counts wall time; `business` counts only the open spans of `business`."""

    kind: str = "calendar"
    business: BusinessCalendar | None = None
    epoch: datetime | None = None
    _days: dict[int, Spans] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_policy(cls, sla_policy: Mapping[str, Any], epoch: datetime) -> SlaCalendar:
        clock = sla_policy.get("clock", "calendar")
        if clock == "calendar":
            return cls("calendar")
        if clock != "business":
            raise ValueError(f"sla_policy.clock must be calendar or business, not {clock!r}")
        return cls("business", business_calendar(sla_policy["business_hours"], epoch), epoch)

    def elapsed(self, t0: float, t1: float) -> float:
        """SLA-clock seconds between t0 and t1 (0 if t1 <= t0)."""
        if t1 <= t0:
            return 0.0
        if self.kind == "calendar":
            return t1 - t0
        total = 0.0
        for day in range(int(t0 // DAY), int(t1 // DAY) + 1):
            for lo, hi in self._open(day):
                total += max(0.0, min(t1, hi) - max(t0, lo))
        return total

    def due(self, t0: float, seconds: float) -> float:
        """Wall time at which `seconds` of SLA clock have elapsed after t0."""
        if self.kind == "calendar":
            return t0 + seconds
        left, day = seconds, int(t0 // DAY)
        for _ in range(MAX_DAYS):
            for lo, hi in self._open(day):
                if hi <= t0:
                    continue
                start = max(t0, lo)
                if start + left <= hi:
                    return start + left
                left -= hi - start
            day += 1
        raise ValueError("business calendar has no open hours")

    def _open(self, day: int) -> Spans:
        """Day `day`'s open spans in seconds after the epoch, read from the business calendar once."""
        spans = self._days.get(day)
        if spans is None:
            if self.business is None or self.epoch is None:
                raise ValueError("a business clock needs its calendar and epoch")
            begin = self.epoch + timedelta(days=day)
            spans = tuple(
                ((lo - self.epoch).total_seconds(), (hi - self.epoch).total_seconds())
                for lo, hi in open_intervals(self.business, begin, begin + timedelta(days=1))
            )
            self._days[day] = spans
        return spans


def business_calendar(hours: Mapping[str, Any], epoch: datetime) -> BusinessCalendar:
    """The format's business hours (weekdays, start_h, end_h, holidays as day indexes) as the product's calendar."""
    start, end = _minute(hours["start_h"]), _minute(hours["end_h"])
    weekdays = tuple(hours["weekdays"])
    if not weekdays or not 0 <= start < end <= MINUTES_PER_DAY:
        raise ValueError("business_hours must open on some weekday for a positive span within a day")
    return BusinessCalendar(
        tz=hours.get("timezone", "UTC"),
        weekly=dict.fromkeys(weekdays, ((start, end),)),
        closed_days=frozenset((epoch + timedelta(days=int(d))).date() for d in hours.get("holidays", [])),
    )


def _minute(hour: float) -> int:
    minutes = float(hour) * 60
    if minutes != round(minutes):
        raise ValueError(f"business hours must be whole minutes, not {hour} h")
    return round(minutes)
