"""Predictive maintenance (A3) on generated asset histories: how long before a failure the inspection
comes, and how many inspections come for nothing.

Each generated asset reports its temperature every two hours for up to 90 days: a baseline of its
own, a daily cycle, sensor noise, spikes from a loose sensor, gaps of one to three days, and, on
healthy assets, harmless drifts (a slow seasonal rise, a step after a part was changed, or a machine
that runs warm, 65-78 °C, and heats up by 8-20 °C over 2-5 days of heavy use and cools again). A failing
asset degrades for 4 to 20 days before its failure (linear or accelerating) until it crosses the
limit, 90 °C; its history ends there. Every six hours the live model (`dispatchdesk.assets.forecast`:
spike filter, Theil-Sen on the last 7 days, the same episode rule as `assets.services`) sees the
readings the service would read (the last 10 days) and opens an inspection when the crossing is
predicted within the lead time, 5 days.

- Lead time: failure time minus the opening of the inspection that came during the degradation;
  a failure with none counts as lead time 0 (missed). Median and p10 over all failures.
- False inspections: every other inspection (on a healthy asset, or before a failing one started
  to degrade), per 100 assets per 30 days of readings.

Run: .venv/bin/python bench/maintenance.py [--assets N] [--seed S] [--no-write]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from common import percentile, write_result

from dispatchdesk.assets import forecast

DAY = forecast.DAY
LIMIT, LEAD_DAYS = 90.0, 5.0
EVERY_H, CHECK_EVERY_H, DAYS = 2, 6, 90
SEEN_DAYS = 10.0  # what the service reads: the window and the stale allowance (services.HISTORY_DAYS)


@dataclass
class History:
    times: list[float]
    values: list[float]
    failure: float | None  # seconds; None for a healthy asset
    onset: float | None  # when the degradation began


def generate(rng: random.Random, *, failing: bool) -> History:
    base = rng.uniform(50, 70)
    cycle = rng.uniform(0, 4)
    noise = rng.uniform(0.3, 1.5)
    failure = onset = None
    end = DAYS * DAY
    if failing:
        failure = rng.uniform(25, DAYS) * DAY
        onset = failure - rng.uniform(4, 20) * DAY
        end = failure
    drift = rng.choice(["none", "season", "step", "busy"]) if not failing else "none"
    if drift == "busy":  # a hard case: runs warm, and a week of heavy use heats it up and it cools again
        base = rng.uniform(65, 78)
    bump_at, bump_days, bump = rng.uniform(5, DAYS - 10) * DAY, rng.uniform(2, 5), rng.uniform(8, 20)
    drift_rate = rng.uniform(0.02, 0.12)  # °C a day: summer coming
    step_at, step = rng.uniform(10, DAYS) * DAY, rng.uniform(-6, 6)
    gaps = [
        (start := rng.uniform(5, DAYS) * DAY, start + rng.uniform(1, 3) * DAY) for _ in range(rng.choice((0, 0, 1, 2)))
    ]
    shape = rng.choice((1.0, 2.0))
    times, values = [], []
    t = 0.0
    while t < end:
        if not any(a <= t < b for a, b in gaps):
            value = base + cycle * math.sin(2 * math.pi * t / DAY) + rng.gauss(0, noise)
            if drift == "season":
                value += drift_rate * t / DAY
            elif drift == "step" and t >= step_at:
                value += step
            elif drift == "busy" and bump_at <= t < bump_at + 2 * bump_days * DAY:
                value += bump * (1 - abs((t - bump_at) / (bump_days * DAY) - 1))  # up, then down again
            if onset is not None and failure is not None and t >= onset:
                progress = (t - onset) / (failure - onset)
                value += (LIMIT + 2 - base) * progress**shape
            if rng.random() < 0.005:
                value += rng.choice((-1, 1)) * rng.uniform(15, 40)  # a loose sensor
            times.append(t)
            values.append(value)
        t += EVERY_H * 3600
    return History(times, values, failure, onset)


def replay(history: History) -> tuple[list[float], float]:
    """The moments inspections were opened, and the seconds spent forecasting."""
    opened: list[float] = []
    is_open = False
    spent = 0.0
    first = 0
    for i in range(0, len(history.times), CHECK_EVERY_H // EVERY_H):
        now = history.times[i]
        while history.times[first] < now - SEEN_DAYS * DAY:
            first += 1
        started = time.perf_counter()
        result = forecast.forecast(
            "temperature", history.times[first : i + 1], history.values[first : i + 1], limit=LIMIT, now=now
        )
        spent += time.perf_counter() - started
        step = forecast.episode_step(result, lead_days=LEAD_DAYS, is_open=is_open)
        if step == forecast.OPEN:
            opened.append(now)
            is_open = True
        elif step == forecast.CLOSE:
            is_open = False
    return opened, spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=300)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    leads: list[float] = []
    false_inspections = 0
    asset_days = 0.0
    forecasts, spent = 0, 0.0
    for index in range(args.assets):
        history = generate(rng, failing=index % 5 < 2)  # two in five fail
        opened, seconds = replay(history)
        spent += seconds
        forecasts += len(range(0, len(history.times), CHECK_EVERY_H // EVERY_H))
        asset_days += (history.times[-1] - history.times[0]) / DAY
        true = [t for t in opened if history.onset is not None and history.onset <= t < (history.failure or 0)]
        false_inspections += len(opened) - len(true)
        if history.failure is not None:
            leads.append((history.failure - true[0]) / DAY if true else 0.0)
    failures = len(leads)
    caught = sum(lead > 0 for lead in leads)
    per_100_month = false_inspections / (asset_days / 30) * 100
    table = [
        "| assets | failures | caught before failure | lead time median | lead time p10 | false inspections per 100 assets per month | forecast p̄ |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {args.assets} | {failures} | {caught} ({caught / failures:.0%}) | {statistics.median(leads):.1f} days "
        f"| {percentile(leads, 0.10):.1f} days | {per_100_month:.2f} | {spent / forecasts * 1000:.2f} ms |",
    ]
    print("\n".join(table))
    notes = (
        (__doc__ or "").split("\n\n", 1)[1].split("Run:")[0]
        + f"\nSeed {args.seed}; limit {LIMIT:g} °C, lead time {LEAD_DAYS:g} days; {false_inspections} false inspections "
        f"over {asset_days:.0f} asset-days. Forecast p̄: the mean time of one forecast (spike filter and fit).\n\n"
        f"Load average (1, 5, 15 min) when written: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
        "(2 cores shared with other helpers)."
    )
    if not args.no_write:
        print(write_result("maintenance", "Predictive maintenance: lead time and false inspections", table, notes))


if __name__ == "__main__":
    main()
