"""The demo's customer assets: a pump heating towards its limit (its inspection ticket carries the
chart), two healthy machines (one with a loose sensor's spikes) and a compressor due for service."""

import logging
import math
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from dispatchdesk.accounts.models import User
from dispatchdesk.assets.models import Asset, Schedule, Watch
from dispatchdesk.assets.services import ReadingInput, readings_record, schedules_sweep
from dispatchdesk.common import clock
from dispatchdesk.customers.models import Contact
from dispatchdesk.demo.company import Company

DAYS = 8
TICKETS = 2  # what the assets open today: the pump's inspection and the compressor's service
EVERY = timedelta(hours=2)


def assets_create(company: Company, *, end: datetime, seed: int) -> None:
    rng = random.Random(f"dispatchdesk-demo:{seed}:assets")
    first, second = company.customers[0].contact, company.customers[1].contact
    pump = _asset(first, "Pump P-200", "P200-0042", "Plant 2, hall B", date(2023, 4, 1))
    chiller = _asset(first, "Chiller C-90", "C90-0107", "Plant 2, roof", date(2024, 9, 15))
    fan = _asset(second, "Fan F-12", "F12-3310", "Warehouse east", date(2022, 1, 20))
    compressor = _asset(second, "Compressor K-7", "K7-0815", "Warehouse east", date(2021, 6, 1))
    for asset in (pump, chiller, fan):
        Watch.objects.create(asset=asset, measure="temperature", limit=90, lead_days=5)
    Watch.objects.create(asset=fan, measure="vibration", limit=11, lead_days=5)
    Schedule.objects.create(
        asset=compressor, name="Oil and filter change", every_run_hours=500, last_at=end - timedelta(days=40)
    )
    Schedule.objects.create(asset=chiller, name="Yearly service", every_days=365, last_at=end - timedelta(days=200))
    with clock.frozen_at(end), _quiet():
        user = company.dispatcher
        _record(user, pump, "temperature", end=end, curve=lambda d: 70 + 2.2 * max(0.0, d - 2), rng=rng)
        _record(
            user, chiller, "temperature", end=end, curve=lambda d: 55 + 3 * math.sin(d * 2 * math.pi), rng=rng, spikes=3
        )
        _record(user, fan, "temperature", end=end, curve=lambda d: 48.0, rng=rng)
        _record(user, fan, "vibration", end=end, curve=lambda d: 4.0, rng=rng, noise=0.3)
        _record(user, compressor, "run_hours", end=end, curve=lambda d: 18_400 + 20 * d, rng=rng, noise=0.0)
        schedules_sweep()


@contextmanager
def _quiet() -> Iterator[None]:
    """The load stays quiet on the console (the demo command shows its banner and logins): today's
    tickets would log at INFO, as live ones do."""
    logger = logging.getLogger("dispatchdesk")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _asset(contact: Contact, model: str, serial: str, site: str, installed: date) -> Asset:
    return Asset.objects.create(customer=contact, model=model, serial=serial, site=site, installed_on=installed)


def _record(
    user: User,
    asset: Asset,
    measure: str,
    *,
    end: datetime,
    curve: Callable[[float], float],
    rng: random.Random,
    spikes: int = 0,
    noise: float = 0.6,
) -> None:
    count = int(timedelta(days=DAYS) / EVERY)
    moments = [end - DAYS * timedelta(days=1) + i * EVERY for i in range(1, count + 1)]
    values = [curve((m - moments[0]) / timedelta(days=1)) + rng.gauss(0, noise) for m in moments]
    for index in rng.sample(range(count), spikes):
        values[index] += rng.choice((-1, 1)) * 40
    unit = {"temperature": "°C", "vibration": "mm/s", "run_hours": "h"}[measure]
    readings = [ReadingInput(measure, value, unit, moment) for moment, value in zip(moments, values, strict=True)]
    readings_record(user=user, asset_id=asset.pk, readings=readings)
