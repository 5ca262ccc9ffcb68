"""Readings over REST: converted, refused with a message, idempotent; an inspection ahead of a failure."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from dispatchdesk.accounts.models import User
from dispatchdesk.assets.models import Asset, Inspection, Reading, Watch
from dispatchdesk.common import clock
from dispatchdesk.tickets.models import Channel, Ticket
from tests.conftest import login
from tests.factories import ContactFactory

NOW = datetime.fromisoformat("2026-05-10T12:00:00+00:00")


@pytest.fixture
def staff(client: Client, bob: User) -> Client:
    return login(client, bob)


@pytest.fixture
def pump(db: None, network: Any) -> Asset:
    customer = ContactFactory(name="Wile E. Coyote", email="wile@acme.example")
    asset = Asset.objects.create(customer=customer, model="Pump P-200", serial="P200-0042", site="Plant 2")
    Watch.objects.create(asset=asset, measure="temperature", limit=90, lead_days=5)
    return asset


def one(moment: datetime, value: float, unit: str = "°C", measure: str = "temperature") -> dict[str, Any]:
    return {"measure": measure, "value": value, "unit": unit, "taken_at": moment.isoformat()}


def post(client: Client, url: str, body: object) -> Any:
    with clock.frozen_at(NOW):
        return client.post(url, body, content_type="application/json")


def test_a_reading_in_fahrenheit_is_kept_in_celsius(staff: Client, pump: Asset) -> None:
    response = post(staff, f"/api/assets/{pump.pk}/readings", one(NOW - timedelta(hours=1), 212, "°F"))
    assert response.status_code == 200, response.content
    assert response.json() == {"saved": 1, "duplicates": 0, "inspections": []}
    assert Reading.objects.get().value == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (one(NOW - timedelta(hours=1), 20, "furlongs"), "cannot be given in furlongs"),
        (one(NOW + timedelta(hours=2), 20), "in the future"),
        (one(NOW - timedelta(hours=1), -400), "not a possible Temperature"),
        ({**one(NOW, 20), "taken_at": "2026-05-10T08:00:00"}, "time zone"),
    ],
)
def test_a_bad_reading_is_a_422_with_a_message_and_nothing_is_kept(
    staff: Client, pump: Asset, body: dict[str, Any], words: str
) -> None:
    response = post(staff, f"/api/assets/{pump.pk}/readings", body)
    assert response.status_code == 422
    assert response.json()["code"] == "reading_invalid"
    assert words in response.json()["message"]
    assert not Reading.objects.exists()


def test_an_unknown_measure_is_a_422(staff: Client, pump: Asset) -> None:
    response = post(staff, f"/api/assets/{pump.pk}/readings", one(NOW, 1, "", "humidity"))
    assert response.status_code == 422
    assert "measure" in response.json()["message"]


def test_a_batch_with_one_bad_row_saves_nothing_and_names_the_row(staff: Client, pump: Asset) -> None:
    rows = [one(NOW - timedelta(hours=3), 60), one(NOW + timedelta(days=1), 61), one(NOW - timedelta(hours=1), 62)]
    response = post(staff, f"/api/assets/{pump.pk}/readings/batch", {"readings": rows})
    assert response.status_code == 422
    assert response.json()["code"] == "rows_invalid"
    assert [(e["row"], e["field"]) for e in response.json()["errors"]] == [(2, "taken_at")]
    assert not Reading.objects.exists()


def test_a_repeated_batch_is_counted_as_duplicates_and_changes_nothing(staff: Client, pump: Asset) -> None:
    rows = [one(NOW - timedelta(hours=h), 60) for h in (1, 2, 3)]
    first = post(staff, f"/api/assets/{pump.pk}/readings/batch", {"readings": [*rows, rows[0]]})
    again = post(staff, f"/api/assets/{pump.pk}/readings/batch", {"readings": rows})
    assert first.json()["saved"] == 3
    assert first.json()["duplicates"] == 1
    assert again.json() == {"saved": 0, "duplicates": 3, "inspections": []}
    assert Reading.objects.count() == 3


def test_customers_may_not_send_readings_and_an_unknown_asset_is_a_404(
    client: Client, carol: User, staff: Client, pump: Asset
) -> None:
    assert post(staff, "/api/assets/999999/readings", one(NOW, 60)).status_code == 404
    customer = login(Client(), carol)
    assert post(customer, f"/api/assets/{pump.pk}/readings", one(NOW, 60)).status_code == 403
    assert not Reading.objects.exists()


def heating(days: int, per_day: float) -> list[dict[str, Any]]:
    """Every two hours over `days`, rising steadily to about 85 °C now, plus one wild spike."""
    count = days * 12
    rows = [one(NOW - timedelta(hours=2 * (count - i)), 85 - per_day * (count - i) / 12) for i in range(count)]
    rows[count // 2]["value"] = 180.0
    return rows


def test_a_rising_temperature_opens_one_inspection_ticket_with_its_chart(staff: Client, pump: Asset) -> None:
    response = post(staff, f"/api/assets/{pump.pk}/readings/batch", {"readings": heating(6, 1.5)})
    assert response.status_code == 200, response.content
    [ticket_id] = response.json()["inspections"]
    ticket = Ticket.objects.get(pk=ticket_id)
    assert ticket.channel == Channel.ALERT
    assert ticket.customer_id == pump.customer_id
    assert "Temperature reaches 90 °C in 3 days at the current trend" in ticket.description, ticket.description
    assert "Please inspect Pump P-200 P200-0042 at Plant 2" in ticket.description
    message = ticket.messages.get()
    chart = message.attachments.get()
    assert chart.filename.endswith(".png")
    assert chart.file.read(8) == b"\x89PNG\r\n\x1a\n"
    # More readings of the same episode open nothing more.
    more = post(staff, f"/api/assets/{pump.pk}/readings", one(NOW - timedelta(minutes=30), 86))
    assert more.json()["inspections"] == []
    assert Inspection.objects.get().ticket_id == ticket_id
    assert Ticket.objects.count() == 1


def test_a_flat_temperature_opens_nothing(staff: Client, pump: Asset) -> None:
    response = post(staff, f"/api/assets/{pump.pk}/readings/batch", {"readings": heating(6, 0.0)})
    assert response.json()["inspections"] == []
    assert not Ticket.objects.exists()
