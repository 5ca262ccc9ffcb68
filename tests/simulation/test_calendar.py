"""The simulator's SLA clock is the product's business-hours calendar, counted in seconds after the epoch."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dispatchdesk.simulation.calendar import DAY, SlaCalendar
from dispatchdesk.sla.calendar import add_business_seconds, business_seconds

EPOCH = datetime(2025, 1, 6, tzinfo=UTC)  # a Monday
OFFICE = {"timezone": "UTC", "weekdays": [0, 1, 2, 3, 4], "start_h": 8, "end_h": 18, "holidays": [2]}
BERLIN = OFFICE | {"timezone": "Europe/Berlin", "holidays": []}


def clock(hours: dict[str, object]) -> SlaCalendar:
    return SlaCalendar.from_policy({"clock": "business", "business_hours": hours}, EPOCH)


def test_a_target_runs_only_in_open_hours_and_skips_holidays_and_weekends() -> None:
    office = clock(OFFICE)
    tuesday_5pm = 1 * DAY + 17 * 3600

    # One hour left on Tuesday, Wednesday (day 2) is a holiday: the second hour runs Thursday 08:00-09:00.
    assert office.due(tuesday_5pm, 2 * 3600) == 3 * DAY + 9 * 3600
    assert office.elapsed(tuesday_5pm, 3 * DAY + 9 * 3600) == 2 * 3600
    friday_5pm = 4 * DAY + 17 * 3600
    assert office.due(friday_5pm, 2 * 3600) == 7 * DAY + 9 * 3600  # on to Monday


def test_the_time_zone_is_the_calendars() -> None:
    berlin = clock(BERLIN)  # 08:00 in Berlin is 07:00 UTC in January

    assert berlin.due(0.0, 60.0) == 7 * 3600 + 60


def test_the_wall_clock_counts_every_second() -> None:
    wall = SlaCalendar.from_policy({"clock": "calendar"}, EPOCH)

    assert (wall.due(10.5, 100.0), wall.elapsed(10.5, 110.5)) == (110.5, 100.0)


@pytest.mark.parametrize("hours", [OFFICE | {"start_h": 8.01}, OFFICE | {"weekdays": []}, OFFICE | {"end_h": 8}])
def test_hours_the_calendar_cannot_keep_are_refused(hours: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"business.hours"):
        clock(hours)


@settings(max_examples=200, deadline=None)
@given(
    start=st.floats(min_value=0, max_value=30 * DAY, allow_nan=False),
    target=st.floats(min_value=1, max_value=5 * DAY, allow_nan=False),
    zone=st.sampled_from(["UTC", "Europe/Berlin", "America/New_York"]),
)
def test_due_and_elapsed_agree_with_the_product_calendar(start: float, target: float, zone: str) -> None:
    simulated = clock(OFFICE | {"timezone": zone})
    assert simulated.business is not None
    at = EPOCH + timedelta(seconds=start)

    due = simulated.due(start, target)

    product_due = add_business_seconds(simulated.business, at, target)
    assert abs((EPOCH + timedelta(seconds=due) - product_due).total_seconds()) < 1e-5
    assert simulated.elapsed(start, due) == pytest.approx(target, abs=1e-6)
    assert simulated.elapsed(start, due) == pytest.approx(
        business_seconds(simulated.business, at, product_due), abs=1e-5
    )
