"""Preventive schedules (by time and by usage, once each), the episode rule, and the staff pages."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.assets import forecast
from dispatchdesk.assets.models import Asset, Inspection, Reading, Schedule, Watch
from dispatchdesk.assets.services import ReadingInput, readings_record, schedules_sweep
from dispatchdesk.assets.tasks import run_maintenance_sweep
from dispatchdesk.common import clock
from dispatchdesk.tickets.models import Ticket
from tests.conftest import login
from tests.factories import ContactFactory, TicketFactory

NOW = datetime.fromisoformat("2026-05-10T12:00:00+00:00")


@pytest.fixture
def compressor(db: None, network: Any) -> Asset:
    customer = ContactFactory(name="Wile E. Coyote", email="wile@acme.example")
    return Asset.objects.create(customer=customer, model="Compressor K-7", serial="K7-0815", site="Warehouse")


def hours(asset: Asset, value: float, at: datetime) -> None:
    Reading.objects.create(asset=asset, measure="run_hours", value=value, taken_at=at, received_at=at)


def test_a_schedule_by_days_opens_one_ticket_when_due_and_again_a_period_later(compressor: Asset) -> None:
    schedule = Schedule.objects.create(
        asset=compressor, name="Yearly service", every_days=30, last_at=NOW - timedelta(days=29)
    )
    with clock.frozen_at(NOW):
        assert schedules_sweep() == 0
    with clock.frozen_at(NOW + timedelta(days=1)):
        assert schedules_sweep() == 1
        assert schedules_sweep() == 0  # run twice, it opens one
    with clock.frozen_at(NOW + timedelta(days=31)):
        assert run_maintenance_sweep.call() == 1
    schedule.refresh_from_db()
    assert Ticket.objects.count() == 2
    assert schedule.last_ticket is not None
    assert schedule.last_ticket.subject == "Maintenance: Yearly service for Compressor K-7 K7-0815"
    assert "every 30 days" in schedule.last_ticket.description


def test_a_schedule_by_run_hours_counts_from_the_last_service(compressor: Asset) -> None:
    Schedule.objects.create(asset=compressor, name="Oil change", every_run_hours=500, last_at=NOW, last_run_hours=1000)
    hours(compressor, 1400, NOW - timedelta(days=2))
    with clock.frozen_at(NOW):
        assert schedules_sweep() == 0
    hours(compressor, 1510, NOW)
    with clock.frozen_at(NOW):
        assert schedules_sweep() == 1
        assert schedules_sweep() == 0
    assert Schedule.objects.get().last_run_hours == 1510


def test_an_episode_closes_when_the_trend_has_gone_and_a_new_one_opens_later(compressor: Asset, bob: User) -> None:
    Watch.objects.create(asset=compressor, measure="temperature", limit=90, lead_days=5)

    def send(start: datetime, first: float, per_day: float) -> list[int]:
        readings = [
            ReadingInput("temperature", first + per_day * h / 24, "°C", start + timedelta(hours=h))
            for h in range(0, 24 * 6, 2)
        ]
        with clock.frozen_at(start + timedelta(days=6)):
            return readings_record(user=bob, asset_id=compressor.pk, readings=readings).inspections

    assert len(send(NOW, 75, 1.5)) == 1  # 84 after six days: 90 in four
    assert len(send(NOW + timedelta(days=6), 84, 1.5)) == 0  # the same episode, now over the limit
    assert len(send(NOW + timedelta(days=12), 60, 0.0)) == 0  # repaired: flat again, the episode closes
    assert Inspection.objects.get().closed_at is not None
    assert len(send(NOW + timedelta(days=18), 75, 1.5)) == 1  # heating up again: a second inspection
    assert Inspection.objects.filter(closed_at=None).count() == 1


def test_the_episode_rule() -> None:
    def at(days: float | None) -> forecast.Forecast:
        return forecast.Forecast(80, 1, None if days is None else days * forecast.DAY, 20, ())

    assert forecast.episode_step(at(4), lead_days=5, is_open=False) == forecast.OPEN
    assert forecast.episode_step(at(4), lead_days=5, is_open=True) == forecast.KEEP
    assert forecast.episode_step(at(7), lead_days=5, is_open=True) == forecast.KEEP  # hysteresis
    assert forecast.episode_step(at(11), lead_days=5, is_open=True) == forecast.CLOSE
    assert forecast.episode_step(at(None), lead_days=5, is_open=True) == forecast.CLOSE
    assert forecast.episode_step(at(None), lead_days=5, is_open=False) == forecast.KEEP


def test_the_ticket_page_lists_the_customers_assets_and_the_asset_page_its_readings(
    client: Client, alice: User, bob: User, compressor: Asset
) -> None:
    Watch.objects.create(asset=compressor, measure="temperature", limit=90, lead_days=5)
    now = clock.now()
    readings = [ReadingInput("temperature", 140, "°F", now - timedelta(hours=h)) for h in (3, 2, 1)]
    readings_record(user=bob, asset_id=compressor.pk, readings=readings)
    schedule = Schedule.objects.create(asset=compressor, name="Oil change", every_run_hours=500, last_at=now)
    ticket = TicketFactory(customer=compressor.customer, subject="Noise")
    login(client, bob)

    page = client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    asset_page = client.get(f"/agent/assets/{compressor.pk}/").content.decode()
    chart = client.get(f"/agent/assets/{compressor.pk}/chart/temperature.png")

    assert f'href="/agent/assets/{compressor.pk}/"' in page
    assert "Compressor K-7 K7-0815" in page
    assert "3 recent readings; the latest 60.0 °C" in asset_page
    assert "Temperature under 90; inspect 5 days ahead" in asset_page
    assert schedule.name in asset_page
    assert "every 500 run hours" in asset_page
    assert chart["Content-Type"] == "image/png"
    assert chart.content.startswith(b"\x89PNG")
    assert client.get(f"/agent/assets/{compressor.pk}/chart/humidity.png").status_code == 404
