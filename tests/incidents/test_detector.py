"""The surge test (incidents.detector), on hand-made series."""

from datetime import UTC, datetime, timedelta

from dispatchdesk.incidents.detector import Rule, expected_in_window, judge

NOW = datetime(2026, 3, 10, 10, 30, tzinfo=UTC)  # a Tuesday morning


def every(hours: float, *, days: int = 14, end: datetime = NOW - timedelta(hours=1)) -> list[datetime]:
    step, moments, moment = timedelta(hours=hours), [], end - timedelta(days=days)
    while moment < end:
        moments.append(moment)
        moment += step
    return moments


def test_a_burst_far_above_the_usual_rate_is_a_surge() -> None:
    history = every(6) + [NOW - timedelta(minutes=m) for m in (2, 9, 17, 25, 33, 41, 48, 55)]

    verdict = judge(history, now=NOW)

    assert verdict.surge
    assert verdict.count == 8
    assert verdict.expected == 1  # one a day falls in this hour: 09:30, 15:30, …


def test_the_usual_busy_hour_is_no_surge() -> None:
    # Six tickets between 9:30 and 10:30 on every weekday: six more today is the usual.
    busy = [
        day.replace(hour=9, minute=35) + timedelta(minutes=9 * n)
        for day in (NOW - timedelta(days=d) for d in range(1, 15))
        if day.weekday() < 5
        for n in range(6)
    ]
    today = [NOW - timedelta(minutes=m) for m in (2, 9, 17, 25, 33, 48)]

    assert not judge(busy + today, now=NOW).surge
    assert expected_in_window(busy, now=NOW, rule=Rule()) == 6


def test_a_few_tickets_are_never_a_surge_however_quiet_the_series() -> None:
    verdict = judge([NOW - timedelta(minutes=m) for m in (1, 2, 3, 4)], now=NOW)

    assert not verdict.surge  # four is below the minimum count
    assert verdict.p_value < 1e-4  # though unlikely for a series that is usually silent
