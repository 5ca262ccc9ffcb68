"""The business-hours clock: when a calendar is open, how much business time has passed, when a target is due.

Plain Python (stdlib `zoneinfo`, plus the `holidays` package for public holidays), no Django: SLA
services build a `BusinessCalendar` from their rows, and the simulator can build one from a scenario.
docs/decisions/0008-business-hours-clock.md explains the choices below.

Definition used everywhere: an instant is *open* when its local wall-clock time, in the calendar's
zone, falls inside a window of that local date. Consequences at DST changes:
- spring forward: wall-clock times in the gap never happen, so a window spanning the gap is shorter
  in real time, and a window lying wholly inside the gap is never open;
- fall back: repeated wall-clock times happen twice and are open both times, so a window spanning
  the fold is longer in real time (a window ending inside the fold is open, closed, then open again).
Nothing depends on `fold` or on how `zoneinfo` resolves a non-existent local time: we only ever
convert UTC to local time, which is unambiguous.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Minutes from local midnight, start < end, 0 <= start, end <= 1440: (540, 1080) is 09:00-18:00 and
# (1320, 1440) is 22:00-midnight. An overnight shift is two windows, one on each date, so a public
# holiday closes exactly its own date's part of it.
Window = tuple[int, int]
Span = tuple[datetime, datetime]  # half-open [start, end), aware, UTC
Pause = tuple[datetime, datetime | None]  # None: still paused

MINUTES_PER_DAY = 24 * 60
# A calendar that opens less than once in this long is treated as never open: SLA targets are hours
# to weeks, and the search must end even for a calendar whose every opening day is a holiday.
SEARCH_HORIZON = timedelta(days=3 * 366)

_DAY = timedelta(days=1)
_SEGMENT_CAP = timedelta(days=7)
_MINUTES = tuple(timedelta(minutes=minute) for minute in range(MINUTES_PER_DAY + 1))  # hot loop: no allocation
_FOREVER = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """Weekly hours in a time zone, with holidays and manual exceptions.

    A date's windows are, in order of precedence: `extra_open[date]` (a manual exception; an empty
    tuple closes the day), nothing if the date is in `closed_days` (holidays), else
    `weekly[date.weekday()]` (0 is Monday). `always_open` (24x7) ignores all of them.
    Windows are validated, sorted and merged on construction.
    """

    tz: str
    weekly: Mapping[int, tuple[Window, ...]] = field(default_factory=dict)
    closed_days: frozenset[date] = frozenset()
    extra_open: Mapping[date, tuple[Window, ...]] = field(default_factory=dict)
    always_open: bool = False

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {self.tz!r}") from error
        if not set(self.weekly) <= set(range(7)):
            raise ValueError(f"weekdays must be 0 (Monday) to 6 (Sunday), not {sorted(self.weekly)}")
        weekly = {day: normalise_windows(windows) for day, windows in self.weekly.items()}
        extra = {day: normalise_windows(windows) for day, windows in self.extra_open.items()}
        # Read-only views, so a frozen calendar cannot change behind a caller's back.
        object.__setattr__(self, "weekly", MappingProxyType(weekly))
        object.__setattr__(self, "extra_open", MappingProxyType(extra))
        object.__setattr__(self, "closed_days", frozenset(self.closed_days))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)  # ZoneInfo caches instances per key

    def windows_on(self, day: date) -> tuple[Window, ...]:
        if self.always_open:
            return ((0, MINUTES_PER_DAY),)
        if day in self.extra_open:
            return self.extra_open[day]
        if day in self.closed_days:
            return ()
        return self.weekly.get(day.weekday(), ())

    @property
    def never_open(self) -> bool:
        """True when no date can have a window at all (a cheap check before a long search)."""
        return not self.always_open and not any(self.weekly.values()) and not any(self.extra_open.values())


def normalise_windows(windows: Iterable[Window]) -> tuple[Window, ...]:
    """Validated windows, sorted, with overlapping or touching ones merged."""
    merged: list[Window] = []
    for start, end in sorted(windows):
        if not 0 <= start < end <= MINUTES_PER_DAY:
            raise ValueError(f"a window needs 0 <= start < end <= {MINUTES_PER_DAY} minutes, not {(start, end)}")
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def window(start: time, end: time) -> Window:
    """A window from wall-clock times, as a form or a TimeField gives them; an end of 00:00 means midnight."""
    if start.second or start.microsecond or end.second or end.microsecond:
        raise ValueError("business hours are whole minutes")
    end_minute = end.hour * 60 + end.minute or MINUTES_PER_DAY
    return (start.hour * 60 + start.minute, end_minute)


def holiday_dates(country: str, subdivision: str | None, years: Iterable[int]) -> frozenset[date]:
    """Public holidays of a country (ISO 3166-1, e.g. "DE") or one of its subdivisions (e.g. "SN")."""
    # Imported here: the package takes ~0.1 s to import, and most callers never need it.
    import holidays  # noqa: PLC0415

    try:
        found = holidays.country_holidays(country, subdiv=subdivision, years=list(years))
    except NotImplementedError as error:  # the package's way of saying "unknown country or subdivision"
        raise ValueError(str(error)) from error
    return frozenset(found)


def open_intervals(cal: BusinessCalendar, start: datetime, end: datetime) -> Iterator[Span]:
    """Open time within [start, end) as ordered, merged, disjoint UTC spans."""
    begin, stop = _utc(start), _utc(end)
    if begin >= stop:
        return
    if cal.always_open:
        yield begin, stop
        return
    yield from _merged(_open_pieces(cal, begin, stop))


def business_seconds(cal: BusinessCalendar, start: datetime, end: datetime, pauses: Sequence[Pause] = ()) -> float:
    """Business time elapsed in [start, end), paused spans excluded; 0 when end is not after start."""
    running = _subtract(open_intervals(cal, start, end), _merged_pauses(pauses))
    return sum((hi - lo for lo, hi in running), timedelta()).total_seconds()


def add_business_seconds(
    cal: BusinessCalendar, start: datetime, seconds: float, pauses: Sequence[Pause] = ()
) -> datetime:
    """The earliest instant (UTC) by which `seconds` of business time have run since `start`.

    A target of 0 is due at `start`, open or not. Raises ValueError when the target cannot be reached:
    a calendar that is never open within SEARCH_HORIZON, or a pause with no end that starts before the
    target is reached (pass the pause's end as "now" to get a projected due time instead).
    """
    if seconds < 0:
        raise ValueError("a business-time target cannot be negative")
    begin = _utc(start)
    remaining = timedelta(seconds=seconds)
    if not remaining:
        return begin
    if cal.never_open:
        raise ValueError(f"calendar in {cal.tz} is never open")
    holes = _merged_pauses(pauses)
    # Nothing after an endless pause counts, so the search stops where it starts.
    stop = min([begin + SEARCH_HORIZON] + [max(lo, begin) for lo, hi in holes if hi == _FOREVER])
    for lo, hi in _subtract(open_intervals(cal, begin, stop), holes):
        if hi - lo >= remaining:
            return lo + remaining
        remaining -= hi - lo
    if stop < begin + SEARCH_HORIZON:
        raise ValueError("the clock is paused with no end before the target is reached")
    raise ValueError(f"calendar in {cal.tz} does not open enough within {SEARCH_HORIZON.days} days")


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"the business-hours clock needs aware datetimes, not {moment!r}")
    return moment.astimezone(UTC)


def _open_pieces(cal: BusinessCalendar, begin: datetime, stop: datetime) -> Iterator[Span]:
    """Open spans in order, not yet merged across midnight or DST changes."""
    for seg_start, seg_end, offset in _constant_offset_segments(cal.zone, begin, stop):
        # Wall-clock time is carried in UTC-labelled datetimes (local = utc + offset) so that no naive
        # datetime exists; within a segment the mapping is a plain shift, so the conversion is exact.
        local_start, local_end = seg_start + offset, seg_end + offset
        day = local_start.date()
        midnight = datetime.combine(day, time(), tzinfo=UTC)
        while midnight < local_end:
            for first, last in cal.windows_on(day):
                lo = max(midnight + _MINUTES[first], local_start)
                hi = min(midnight + _MINUTES[last], local_end)
                if lo < hi:
                    yield lo - offset, hi - offset
            day += _DAY
            midnight += _DAY


def _constant_offset_segments(
    zone: ZoneInfo, begin: datetime, stop: datetime
) -> Iterator[tuple[datetime, datetime, timedelta]]:
    """[begin, stop) cut into spans, of at most a week, over which the zone's UTC offset does not change.

    The offset is probed once a day, which assumes a zone never changes its offset and back within a
    day: no zone in the tz database has done so since 1970. The week cap keeps the search lazy.
    """
    moment = begin
    while moment < stop:
        offset = _offset(zone, moment)
        cap = min(moment + _SEGMENT_CAP, stop)
        same, until = moment, min(moment + _DAY, cap)
        while until < cap and _offset(zone, until) == offset:
            same, until = until, min(until + _DAY, cap)
        if _offset(zone, until) != offset:
            until = _next_change(zone, same, until, offset)
        yield moment, until, offset
        moment = until


def _next_change(zone: ZoneInfo, same: datetime, changed: datetime, offset: timedelta) -> datetime:
    """The first instant after `same`, up to `changed`, whose offset differs: bisection to the microsecond."""
    while changed - same > timedelta(microseconds=1):
        middle = same + (changed - same) // 2
        if _offset(zone, middle) == offset:
            same = middle
        else:
            changed = middle
    return changed


def _offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    # A ZoneInfo always knows the offset of an aware instant; `or` only satisfies the Optional type.
    return moment.astimezone(zone).utcoffset() or timedelta()


def _merged(spans: Iterable[Span]) -> Iterator[Span]:
    """Ordered spans with overlapping or touching ones joined (input must be ordered by start)."""
    current: Span | None = None
    for lo, hi in spans:
        if current is not None and lo <= current[1]:
            current = (current[0], max(current[1], hi))
            continue
        if current is not None:
            yield current
        current = (lo, hi)
    if current is not None:
        yield current


def _merged_pauses(pauses: Sequence[Pause]) -> list[Span]:
    spans = sorted((_utc(lo), _FOREVER if hi is None else _utc(hi)) for lo, hi in pauses)
    return list(_merged((lo, hi) for lo, hi in spans if lo < hi))


def _subtract(spans: Iterable[Span], holes: Sequence[Span]) -> Iterator[Span]:
    """Ordered `spans` minus ordered, disjoint `holes`."""
    first = 0
    for span_lo, hi in spans:
        while first < len(holes) and holes[first][1] <= span_lo:
            first += 1  # holes wholly before this span are before every later span too
        lo, index = span_lo, first
        while lo < hi and index < len(holes) and holes[index][0] < hi:
            hole_lo, hole_hi = holes[index]
            if hole_lo > lo:
                yield lo, hole_lo
            lo = max(lo, hole_hi)
            index += 1
        if lo < hi:
            yield lo, hi
