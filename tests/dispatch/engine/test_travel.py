"""Travel time between two places (docs/workload-format.md §1.3)."""

import pytest

from dispatchdesk.dispatch.engine.travel import TravelModel, haversine_km, travel_seconds

BERLIN, HAMBURG = (52.52, 13.405), (53.55, 9.99)


def test_staying_put_takes_no_time() -> None:
    assert travel_seconds(BERLIN, BERLIN, TravelModel()) == 0.0


def test_a_trip_is_road_distance_at_mean_speed_plus_parking() -> None:
    km = haversine_km(BERLIN, HAMBURG)

    assert km == pytest.approx(255, abs=5)
    assert travel_seconds(BERLIN, HAMBURG, TravelModel()) == pytest.approx(km * 1.3 / 40 * 3600 + 300)
