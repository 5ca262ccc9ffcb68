"""The plain-Python maintenance model: units, spikes, counters and the Theil-Sen crossing time."""

import math
import random

import pytest

from dispatchdesk.assets import forecast
from dispatchdesk.assets.forecast import DAY, UnitError, to_canonical

HOUR = 3600.0


def test_fahrenheit_and_kelvin_become_celsius() -> None:
    assert to_canonical("temperature", 212, "°F") == pytest.approx(100.0)
    assert to_canonical("temperature", 273.15, "K") == pytest.approx(0.0)
    assert to_canonical("vibration", 1, "in/s") == pytest.approx(25.4)
    assert to_canonical("run_hours", 90, "min") == pytest.approx(1.5)


@pytest.mark.parametrize(
    ("measure", "value", "unit", "why"),
    [
        ("temperature", 20, "furlongs", "unit:furlongs"),
        ("vibration", 2, "°C", "unit:°C"),
        ("temperature", -300, "°C", "value:out of range"),
        ("run_hours", -1, "h", "value:out of range"),
        ("temperature", math.nan, "°C", "value:not finite"),
    ],
)
def test_unknown_units_and_impossible_values_are_refused(measure: str, value: float, unit: str, why: str) -> None:
    with pytest.raises(UnitError, match=why):
        to_canonical(measure, value, unit)


def rising(
    days: float, *, start: float, per_day: float, every: float = 2 * HOUR, seed: int = 1
) -> tuple[list[float], list[float]]:
    noise = random.Random(seed)  # noqa: S311 - test noise, not a secret
    times = [i * every for i in range(int(days * DAY / every))]
    return times, [start + per_day * t / DAY + noise.gauss(0, 0.5) for t in times]


def test_a_steady_rise_predicts_the_crossing_of_the_limit() -> None:
    times, values = rising(6, start=60, per_day=3)  # at about 78 after six days, 4 days from 90
    result = forecast.forecast("temperature", times, values, limit=90, now=times[-1])
    assert result.crossing_in is not None
    assert result.crossing_in / DAY == pytest.approx(4, abs=0.5)
    assert result.slope_per_day == pytest.approx(3, abs=0.3)


def test_a_flat_noisy_series_predicts_nothing() -> None:
    times, values = rising(10, start=60, per_day=0, seed=3)
    result = forecast.forecast("temperature", times, values, limit=90, now=times[-1])
    assert result.crossing_in is None
    assert result.reason == "flat"


def test_spikes_are_ignored_and_named() -> None:
    times, values = rising(6, start=60, per_day=0)
    values[30] = 150.0  # one wild reading (a loose sensor), far over the limit
    values[40] = -20.0
    result = forecast.forecast("temperature", times, values, limit=90, now=times[-1])
    assert set(result.spikes) == {30, 40}
    assert result.crossing_in is None


def test_a_stale_series_and_a_short_one_predict_nothing() -> None:
    times, values = rising(6, start=60, per_day=5)
    assert forecast.forecast("temperature", times, values, limit=90, now=times[-1] + 4 * DAY).reason == "stale"
    assert forecast.forecast("temperature", times[:5], values[:5], limit=90, now=times[4]).reason == "few"


def test_a_gap_in_the_readings_does_not_disturb_the_trend() -> None:
    times, values = rising(6, start=60, per_day=3)
    kept = [i for i, t in enumerate(times) if not 2 * DAY < t < 4 * DAY]
    result = forecast.forecast(
        "temperature", [times[i] for i in kept], [values[i] for i in kept], limit=90, now=times[-1]
    )
    assert result.crossing_in is not None
    assert result.crossing_in / DAY == pytest.approx(4, abs=0.6)


def test_a_counter_reset_continues_the_count() -> None:
    assert forecast.monotonic([10, 20, 30, 2, 5]) == [10, 20, 30, 32, 35]
    times = [i * DAY / 4 for i in range(20)]
    hours = [100 + 6 * i for i in range(10)] + [6 * i for i in range(10)]  # the controller was replaced
    result = forecast.forecast("run_hours", times, hours, limit=400, now=times[-1])
    assert result.level == pytest.approx(154 + 54, abs=3)  # counting went on from 154, not from zero
    assert result.crossing_in is not None
    assert result.crossing_in / DAY == pytest.approx((400 - 208) / 24, abs=0.6)


def test_over_the_limit_already_is_a_crossing_now() -> None:
    times, values = rising(3, start=95, per_day=0.5)
    assert forecast.forecast("temperature", times, values, limit=90, now=times[-1]).crossing_in == 0
