"""When a demo agent works: their catalogue shifts as a calendar in their region's time zone.

A shift is the same thing as business hours (weekly windows of local wall-clock time), so the
SLA's business-hours clock answers "on shift at this moment?" and "when next?" for the history too,
with the same handling of DST changes (docs/decisions/0008-business-hours-clock.md).
"""

from datetime import datetime, timedelta

from dispatchdesk.demo import catalogue
from dispatchdesk.demo.catalogue import AgentSpec
from dispatchdesk.sla import calendar as business

_SECOND = timedelta(seconds=1)
ROOM = timedelta(minutes=6)  # an act (a reply and its status change) fits before the shift ends


def duty_calendar(spec: AgentSpec) -> business.BusinessCalendar:
    """The agent's weekly shifts as a business-hours calendar (no holidays: the shifts have none)."""
    weekly: dict[int, list[business.Window]] = {}
    for days, starts, ends in catalogue.SHIFT_PATTERNS[spec.shifts]:
        for day in days:
            weekly.setdefault(day, []).append(business.window(starts, ends))
    return business.BusinessCalendar(
        tz=catalogue.REGIONS[spec.region].time_zone, weekly={day: tuple(windows) for day, windows in weekly.items()}
    )


def on_duty(duty: business.BusinessCalendar, moment: datetime) -> bool:
    return any(business.open_intervals(duty, moment, moment + _SECOND))


def on_duty_throughout(duty: business.BusinessCalendar, start: datetime, end: datetime) -> bool:
    """On shift for the whole of [start, end]."""
    spans = list(business.open_intervals(duty, start, end + _SECOND))
    return len(spans) == 1 and spans[0][0] <= start and spans[0][1] > end


def nearest_on_duty(duty: business.BusinessCalendar, low: datetime, high: datetime, near: datetime) -> datetime | None:
    """The moment in [low, high] closest to `near` at which the agent is on shift, with room for an act
    before the shift ends (None: no such moment)."""
    best: datetime | None = None
    for start, end in business.open_intervals(duty, low, high + ROOM):
        last = min(end - ROOM, high)
        if last < start:
            continue
        candidate = min(max(near, start), last)
        if best is None or abs(candidate - near) < abs(best - near):
            best = candidate
    return best
