"""Predictive maintenance in Chromium: an agent opens the inspection ticket and sees the chart and the asset."""

from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dispatchdesk.accounts.models import User
from dispatchdesk.assets.models import Asset, Inspection, Watch
from dispatchdesk.assets.services import ReadingInput, readings_record
from dispatchdesk.common import clock
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_agent_sees_the_inspection_chart_and_opens_the_asset(
    page: Page, live_server: Any, bob: User, carol: User
) -> None:
    pump = Asset.objects.create(customer=carol.contact, model="Pump P-200", serial="P200-0042", site="Plant 2")
    Watch.objects.create(asset=pump, measure="temperature", limit=90, lead_days=5)
    now = clock.now()
    readings = [
        ReadingInput("temperature", 85 - 1.5 * hours / 24, "°C", now - timedelta(hours=hours))
        for hours in range(144, 0, -2)
    ]
    readings_record(user=bob, asset_id=pump.pk, readings=readings)
    ticket = Inspection.objects.get().ticket
    sign_in(page, live_server.url, "bob")

    page.goto(f"{live_server.url}/agent/tickets/{ticket.pk}/")

    expect(page.get_by_text("Temperature reaches 90 °C in 3 days at the current trend")).to_be_visible()
    chart = page.locator("img[alt='P200-0042-temperature.png']")
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.complete && img.naturalWidth") == 720  # the PNG itself, not a broken image
    page.locator("#ticket-assets").get_by_role("link", name="Pump P-200 P200-0042").click()
    expect(page.get_by_role("heading", name="Pump P-200 P200-0042")).to_be_visible()
    expect(page.locator("#asset-title + p")).to_contain_text("Plant 2")
    live_chart = page.locator("img.asset-chart")
    expect(live_chart).to_be_visible()
    assert live_chart.evaluate("img => img.complete && img.naturalWidth") == 720
    expect(page.get_by_role("link", name=f"#{ticket.number}")).to_be_visible()
