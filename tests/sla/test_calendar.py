"""The business-hours clock, checked against a brute-force reference that steps minute by minute.

The reference follows the definition in dispatchdesk.sla.calendar literally: a UTC minute counts
when its local wall-clock time falls in a window of its local date and no pause covers it. Every
generated instant, window and pause is minute-aligned, and the zones used change their offsets on
whole minutes, so a minute is wholly open or wholly closed and the reference is exact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dispatchdesk.sla.calendar import (
    BusinessCalendar,
    Pause,
    Span,
    Window,
    add_business_seconds,
    business_seconds,
    holiday_dates,
    open_intervals,
    window,
)

MINUTE = timedelta(minutes=1)
# Each zone's 2026 clock changes (Lord Howe moves by 30 minutes); UTC has none.
CLOCK_CHANGES = {
    "UTC": [],
    "Europe/Berlin": [date(2026, 3, 29), date(2026, 10, 25)],
    "America/New_York": [date(2026, 3, 8), date(2026, 11, 1)],
    "Australia/Lord_Howe": [date(2026, 4, 5), date(2026, 10, 4)],
}
ORDINARY_DAYS = [date(2026, 6, 12), date(2026, 12, 31)]  # a Friday; New Year's Eve
BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = dict.fromkeys(range(5), ((9 * 60, 18 * 60),))  # Mon-Fri 09:00-18:00


# --- the brute-force reference ----------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """The raw calendar as generated, read by the reference without any normalisation."""

    tz: str
    weekly: Mapping[int, list[Window]]
    closed_days: frozenset[date]
    extra_open: Mapping[date, list[Window]]
    always_open: bool

    def build(self) -> BusinessCalendar:
        return BusinessCalendar(
            self.tz,
            weekly={day: tuple(windows) for day, windows in self.weekly.items()},
            closed_days=self.closed_days,
            extra_open={day: tuple(windows) for day, windows in self.extra_open.items()},
            always_open=self.always_open,
        )


def reference_counts(spec: Spec, moment: datetime, pauses: Sequence[Pause]) -> bool:
    """Does the UTC minute starting at `moment` count towards business time?"""
    if any(lo <= moment and (hi is None or moment < hi) for lo, hi in pauses):
        return False
    if spec.always_open:
        return True
    local = moment.astimezone(ZoneInfo(spec.tz))
    if local.date() in spec.extra_open:
        windows = spec.extra_open[local.date()]
    elif local.date() in spec.closed_days:
        windows = []
    else:
        windows = spec.weekly.get(local.weekday(), [])
    minute = local.hour * 60 + local.minute
    return any(start <= minute < end for start, end in windows)


def reference_intervals(spec: Spec, start: datetime, end: datetime) -> list[Span]:
    spans: list[Span] = []
    moment = start
    while moment < end:
        if reference_counts(spec, moment, ()):
            if spans and spans[-1][1] == moment:
                spans[-1] = (spans[-1][0], moment + MINUTE)
            else:
                spans.append((moment, moment + MINUTE))
        moment += MINUTE
    return spans


def reference_due(
    spec: Spec, start: datetime, minutes: int, pauses: Sequence[Pause], limit: datetime
) -> datetime | None:
    """End of the minute in which the target is reached; None if not reached before `limit`."""
    counted, moment = 0, start
    while counted < minutes and moment < limit:
        if reference_counts(spec, moment, pauses):
            counted += 1
        moment += MINUTE
    return moment if counted == minutes else None


def due_or_error(calendar: BusinessCalendar, start: datetime, seconds: int, pauses: Sequence[Pause]) -> datetime | str:
    try:
        return add_business_seconds(calendar, start, seconds, pauses)
    except ValueError as error:
        return str(error)


# --- strategies ----------------------------------------------------------------------------------

# Minutes around clock changes (01:00-03:30), office hours and midnight come up often.
minute_marks = st.one_of(
    st.sampled_from([0, 60, 90, 120, 150, 180, 210, 540, 1020, 1080, 1320, 1410, 1440]),
    st.integers(0, 1440),
)
windows = st.one_of(
    st.tuples(minute_marks, minute_marks).filter(lambda w: w[0] != w[1]).map(lambda w: (min(w), max(w))),
    minute_marks.filter(lambda m: m > 0).map(lambda m: (0, m)),  # from midnight ...
    minute_marks.filter(lambda m: m < 1440).map(lambda m: (m, 1440)),  # ... and until midnight
)
window_lists = st.lists(windows, max_size=3)


@dataclass(frozen=True)
class Scenario:
    spec: Spec
    start: datetime  # up to a day before the anchor date's local midnight
    end: datetime  # up to two days after it, so most ranges cross the clock change


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """A calendar, and a range around one of its zone's clock changes (mostly) or an ordinary day."""
    tz = draw(st.sampled_from(sorted(CLOCK_CHANGES)))
    anchor = draw(st.sampled_from(CLOCK_CHANGES[tz] * 3 + ORDINARY_DAYS))
    # A small pool of dates, so that holidays and exceptions often fall on the same day.
    near_anchor = st.integers(-1, 3).map(lambda days: anchor + timedelta(days=days))
    spec = Spec(
        tz=tz,
        weekly=dict(enumerate(draw(st.tuples(*[window_lists] * 7)))),
        closed_days=draw(st.frozensets(near_anchor, max_size=3)),
        extra_open=draw(st.dictionaries(near_anchor, window_lists, max_size=2)),
        always_open=draw(st.integers(0, 9)) == 0,
    )
    midnight = datetime.combine(anchor, time(), tzinfo=ZoneInfo(tz)).astimezone(UTC)
    return Scenario(
        spec, midnight - MINUTE * draw(st.integers(0, 1440)), midnight + MINUTE * draw(st.integers(0, 2 * 1440))
    )


@st.composite
def pause_lists(draw: st.DrawFn, start: datetime, *, running: bool = True) -> list[Pause]:
    lengths = st.one_of(st.none(), st.integers(1, 1440)) if running else st.integers(1, 1440)
    pauses: list[Pause] = []
    for offset, length in draw(st.lists(st.tuples(st.integers(-600, 4 * 1440), lengths), max_size=3)):
        lo = start + MINUTE * offset
        pauses.append((lo, None if length is None else lo + MINUTE * length))
    return pauses


# --- properties ----------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(scenario=scenarios())
def test_open_intervals_are_exactly_the_open_minutes(scenario: Scenario) -> None:
    spec, start, end = scenario.spec, scenario.start, scenario.end

    assert list(open_intervals(spec.build(), start, end)) == reference_intervals(spec, start, end)


@settings(max_examples=60, deadline=None)
@given(scenario=scenarios(), data=st.data())
def test_business_seconds_count_the_open_unpaused_minutes(scenario: Scenario, data: st.DataObject) -> None:
    spec, start, end = scenario.spec, scenario.start, scenario.end
    pauses = data.draw(pause_lists(start))
    minutes = int((end - start) / MINUTE)
    expected = sum(reference_counts(spec, start + MINUTE * k, pauses) for k in range(minutes))

    assert business_seconds(spec.build(), start, end, pauses) == 60 * expected


@settings(max_examples=60, deadline=None)
@given(scenario=scenarios(), data=st.data())
def test_due_time_is_where_the_reference_reaches_the_target(scenario: Scenario, data: st.DataObject) -> None:
    spec, start = scenario.spec, scenario.start
    pauses = data.draw(pause_lists(start))
    if data.draw(st.booleans()):  # the business time up to some instant, to hit interval ends exactly
        upto = data.draw(st.integers(0, 3 * 1440))
        minutes = sum(reference_counts(spec, start + MINUTE * k, pauses) for k in range(upto))
    else:
        minutes = data.draw(st.integers(0, 2 * 1440))
    limit = start + timedelta(days=5)
    expected = reference_due(spec, start, minutes, pauses, limit)
    paused_for_good = any(hi is None and lo < (expected or limit) for lo, hi in pauses)

    if expected is not None:
        assert add_business_seconds(spec.build(), start, 60 * minutes, pauses) == expected
    elif paused_for_good:
        with pytest.raises(ValueError, match=r"paused|never open"):
            add_business_seconds(spec.build(), start, 60 * minutes, pauses)
    else:  # beyond what the reference steps through: later than the limit, or never open again
        outcome = due_or_error(spec.build(), start, 60 * minutes, pauses)
        assert outcome > limit if isinstance(outcome, datetime) else "open" in outcome


@settings(max_examples=100, deadline=None)
@given(
    scenario=scenarios(),
    seconds=st.integers(1, 20 * 86400),
    jitter=st.integers(0, 59_999_999),
    data=st.data(),
)
def test_due_time_is_the_first_instant_with_enough_business_time(
    scenario: Scenario, seconds: int, jitter: int, data: st.DataObject
) -> None:
    """No reference needed: any start, not only whole minutes, and targets of weeks."""
    spec, start = scenario.spec, scenario.start + timedelta(microseconds=jitter)
    pauses = data.draw(pause_lists(start, running=False))
    calendar = spec.build()
    weekly_minutes = 7 * 1440 if spec.always_open else sum(b - a for day in calendar.weekly.values() for a, b in day)
    # Closed days and exceptions only touch the days around the anchor, so 30 weeks' worth is
    # always reached well within the search horizon. Calendars open only on exception days are
    # left to the reference test.
    seconds = min(seconds, 30 * 60 * weekly_minutes)
    if seconds == 0:
        return

    due = add_business_seconds(calendar, start, seconds, pauses)

    assert business_seconds(calendar, start, due, pauses) == seconds
    assert business_seconds(calendar, start, due - timedelta(microseconds=1), pauses) < seconds


# --- examples ------------------------------------------------------------------------------------


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def test_an_hour_from_friday_evening_is_due_on_monday_morning() -> None:
    office = BusinessCalendar("Europe/Berlin", weekly=OFFICE)

    due = add_business_seconds(office, berlin(2026, 6, 12, 17, 30), 3600)

    assert due == berlin(2026, 6, 15, 9, 30)
    assert due.tzinfo == UTC


def test_a_round_the_clock_calendar_counts_real_time_across_a_clock_change() -> None:
    always = BusinessCalendar("Europe/Berlin", always_open=True, closed_days=frozenset({date(2026, 3, 29)}))

    due = add_business_seconds(always, berlin(2026, 3, 28, 12, 0), 24 * 3600)

    assert due == berlin(2026, 3, 29, 13, 0)  # the night lost an hour; holidays do not matter
    assert business_seconds(always, berlin(2026, 3, 28), berlin(2026, 3, 30)) == 47 * 3600


def test_a_holiday_monday_pushes_the_due_time_to_tuesday() -> None:
    office = BusinessCalendar("Europe/Berlin", weekly=OFFICE, closed_days=frozenset({date(2026, 6, 15)}))

    assert add_business_seconds(office, berlin(2026, 6, 12, 17, 30), 3600) == berlin(2026, 6, 16, 9, 30)


def test_german_public_holidays_come_from_the_holidays_package() -> None:
    national = holiday_dates("DE", None, [2026])
    saxony = holiday_dates("DE", "SN", [2026, 2027])

    assert date(2026, 10, 3) in national
    assert date(2026, 11, 18) not in national
    assert {date(2026, 10, 3), date(2026, 11, 18), date(2027, 11, 17)} <= saxony
    assert date(2026, 11, 17) not in saxony


def test_repentance_day_closes_a_saxon_office_but_not_a_bavarian_one() -> None:
    start, two_hours = berlin(2026, 11, 17, 17, 0), 2 * 3600
    saxony = BusinessCalendar("Europe/Berlin", weekly=OFFICE, closed_days=holiday_dates("DE", "SN", [2026]))
    bavaria = BusinessCalendar("Europe/Berlin", weekly=OFFICE, closed_days=holiday_dates("DE", "BY", [2026]))

    assert add_business_seconds(saxony, start, two_hours) == berlin(2026, 11, 19, 10, 0)
    assert add_business_seconds(bavaria, start, two_hours) == berlin(2026, 11, 18, 10, 0)


def test_unknown_countries_and_subdivisions_are_refused() -> None:
    with pytest.raises(ValueError, match="XX"):
        holiday_dates("XX", None, [2026])
    with pytest.raises(ValueError, match="ZZ"):
        holiday_dates("DE", "ZZ", [2026])


def test_an_exception_opens_a_saturday_and_another_closes_a_weekday() -> None:
    office = BusinessCalendar(
        "Europe/Berlin",
        weekly=OFFICE,
        closed_days=frozenset({date(2026, 6, 13)}),  # the exception wins over a holiday
        extra_open={date(2026, 6, 13): (window(time(10), time(14)),), date(2026, 6, 15): ()},
    )

    assert add_business_seconds(office, berlin(2026, 6, 12, 17, 30), 3600) == berlin(2026, 6, 13, 10, 30)
    assert add_business_seconds(office, berlin(2026, 6, 12, 17, 30), 5 * 3600) == berlin(2026, 6, 16, 9, 30)


def test_a_pause_during_hours_delays_the_due_time_by_the_paused_business_time() -> None:
    office = BusinessCalendar("Europe/Berlin", weekly=OFFICE)
    start = berlin(2026, 6, 15, 10, 0)
    lunch_pause: Pause = (berlin(2026, 6, 15, 11, 0), berlin(2026, 6, 15, 11, 30))
    overnight_pause: Pause = (berlin(2026, 6, 15, 17, 0), berlin(2026, 6, 16, 10, 0))  # 17-18 and 9-10: 2 h

    assert add_business_seconds(office, start, 4 * 3600) == berlin(2026, 6, 15, 14, 0)
    assert add_business_seconds(office, start, 4 * 3600, [lunch_pause]) == berlin(2026, 6, 15, 14, 30)
    assert add_business_seconds(office, start, 8 * 3600) == berlin(2026, 6, 15, 18, 0)
    assert add_business_seconds(office, start, 8 * 3600, [overnight_pause]) == berlin(2026, 6, 16, 11, 0)
    assert business_seconds(office, start, berlin(2026, 6, 16, 11, 0), [overnight_pause]) == 8 * 3600


def test_a_running_pause_stops_the_clock_until_the_reply() -> None:
    office = BusinessCalendar("Europe/Berlin", weekly=OFFICE)
    start = berlin(2026, 6, 15, 10, 0)
    waiting: Pause = (berlin(2026, 6, 15, 12, 0), None)

    assert business_seconds(office, start, berlin(2026, 6, 17, 12, 0), [waiting]) == 2 * 3600
    assert add_business_seconds(office, start, 3600, [waiting]) == berlin(2026, 6, 15, 11, 0)
    with pytest.raises(ValueError, match="paused"):
        add_business_seconds(office, start, 3 * 3600, [waiting])


def test_a_window_across_a_clock_change_is_shorter_or_longer_in_real_time() -> None:
    nights = BusinessCalendar("Europe/Berlin", weekly=dict.fromkeys(range(7), ((60, 240),)))  # 01:00-04:00

    def hours_on(day: date) -> float:
        return business_seconds(nights, berlin(day.year, day.month, day.day), berlin(2027, 1, 1)) / 3600

    assert hours_on(date(2026, 3, 28)) - hours_on(date(2026, 3, 29)) == 3
    assert hours_on(date(2026, 3, 29)) - hours_on(date(2026, 3, 30)) == 2
    assert hours_on(date(2026, 10, 25)) - hours_on(date(2026, 10, 26)) == 4


def test_a_window_ending_inside_the_repeated_hour_opens_twice() -> None:
    early = BusinessCalendar("Europe/Berlin", weekly={6: ((60, 150),)})  # Sundays 01:00-02:30
    day_start = datetime(2026, 10, 24, 22, 0, tzinfo=UTC)  # 25 October, 00:00 CEST

    spans = list(open_intervals(early, day_start, day_start + timedelta(days=1)))

    assert spans == [  # 01:00-02:30 CEST, then 02:00-02:30 CET once the clocks go back
        (datetime(2026, 10, 24, 23, 0, tzinfo=UTC), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        (datetime(2026, 10, 25, 1, 0, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)),
    ]


def test_lord_howe_loses_half_an_hour_of_a_night_window_in_october() -> None:
    island = ZoneInfo("Australia/Lord_Howe")
    nights = BusinessCalendar("Australia/Lord_Howe", weekly=dict.fromkeys(range(7), ((90, 210),)))  # 01:30-03:30

    spans = list(open_intervals(nights, datetime(2026, 10, 4, tzinfo=island), datetime(2026, 10, 5, tzinfo=island)))

    assert [(lo.astimezone(island).time(), hi.astimezone(island).time()) for lo, hi in spans] == [
        (time(1, 30), time(3, 30))
    ]
    assert spans[0][1] - spans[0][0] == timedelta(minutes=90)


def test_a_night_shift_across_midnight_is_one_interval() -> None:
    nights = BusinessCalendar("UTC", weekly={0: ((22 * 60, 1440),), 1: ((0, 6 * 60),)})
    monday = datetime(2026, 6, 15, tzinfo=UTC)

    spans = list(open_intervals(nights, monday, monday + timedelta(days=2)))

    assert spans == [(monday + timedelta(hours=22), monday + timedelta(hours=30))]


def test_a_target_of_zero_is_due_at_the_start_even_when_closed() -> None:
    office = BusinessCalendar("Europe/Berlin", weekly=OFFICE)

    assert add_business_seconds(office, berlin(2026, 6, 13, 3, 0), 0) == berlin(2026, 6, 13, 3, 0)


def test_a_calendar_that_never_opens_is_refused_instead_of_searched_forever() -> None:
    empty = BusinessCalendar("Europe/Berlin")
    every_monday_closed = BusinessCalendar(
        "UTC",
        weekly={0: ((540, 600),)},
        closed_days=frozenset(date(2026, 6, 15) + timedelta(weeks=week) for week in range(200)),
    )

    with pytest.raises(ValueError, match="never open"):
        add_business_seconds(empty, berlin(2026, 6, 12), 60)
    with pytest.raises(ValueError, match="does not open enough"):
        add_business_seconds(every_monday_closed, berlin(2026, 6, 12), 60)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tz": "Mars/Olympus_Mons"}, "unknown time zone"),
        ({"tz": "UTC", "weekly": {7: ((0, 60),)}}, "weekdays"),
        ({"tz": "UTC", "weekly": {0: ((600, 540),)}}, "window"),
        ({"tz": "UTC", "extra_open": {date(2026, 6, 13): ((0, 1441),)}}, "window"),
    ],
)
def test_malformed_calendars_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        BusinessCalendar(**kwargs)  # type: ignore[arg-type]


def test_naive_datetimes_and_negative_targets_are_refused() -> None:
    office = BusinessCalendar("Europe/Berlin", weekly=OFFICE)

    with pytest.raises(ValueError, match="aware"):
        business_seconds(office, datetime(2026, 6, 15, 9), berlin(2026, 6, 15, 10))  # noqa: DTZ001
    with pytest.raises(ValueError, match="negative"):
        add_business_seconds(office, berlin(2026, 6, 15, 9), -1)


def test_windows_are_given_as_wall_clock_times_and_merged() -> None:
    calendar = BusinessCalendar("UTC", weekly={0: (window(time(13), time(0)), window(time(9), time(13, 30)))})

    assert calendar.weekly[0] == ((540, 1440),)
    with pytest.raises(ValueError, match="whole minutes"):
        window(time(9, 0, 30), time(10))
