"""Travel time between two places: the model a workload's `field` block describes (docs/workload-format.md §1.3)."""

from __future__ import annotations

import math
from dataclasses import dataclass

HOUR = 3_600.0
EARTH_RADIUS_KM = 6371.0
SAME_PLACE_KM = 0.05  # closer than this, the engineer does not move


@dataclass(frozen=True, slots=True)
class TravelModel:
    speed_kmh: float = 40.0
    detour_factor: float = 1.3
    fixed_s: float = 300.0  # parking and walking in, whenever the engineer moves


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def travel_seconds(a: tuple[float, float], b: tuple[float, float], model: TravelModel) -> float:
    """Road time: great-circle km x detour at mean speed, plus the fixed allowance when moving."""
    km = haversine_km(a, b) * model.detour_factor
    if km < SAME_PLACE_KM:
        return 0.0
    return km / model.speed_kmh * HOUR + model.fixed_s
