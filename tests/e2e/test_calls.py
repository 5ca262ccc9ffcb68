"""Phone calls in Chromium (I5, decision 0033): a call answered by an agent pops up on her open page
with the caller and their open tickets, and its "New ticket" link opens the quick create with the
caller filled in; typing a number into the quick create finds the caller as the agent types."""

import json
import time
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.common.signing import HEADER, signature
from dispatchdesk.customers.models import Contact
from dispatchdesk.intake.models import CallSource
from tests.e2e.conftest import sign_in
from tests.factories import ContactFactory, TicketFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SECRET = "pbx-e2e-secret"


@pytest.fixture
def carla(network: SkillGroup) -> Contact:
    carla = ContactFactory(name="Carla Vip", email="carla@vip.example", phone="+49 30 1234567")
    TicketFactory(customer=carla, group=network, subject="Printer jams on floor 2")
    TicketFactory(customer=carla, group=network, subject="VPN drops hourly")
    return carla


def post_signed(url: str, body: dict[str, Any]) -> int:
    data = json.dumps(body).encode()
    header = signature(secret=SECRET, timestamp=int(time.time()), body=data)
    request = urllib.request.Request(  # noqa: S310 - the test's own live server
        f"{url}/hooks/calls/", data=data, headers={"Content-Type": "application/json", HEADER: header}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the test's own live server
        return int(response.status)


@pytest.mark.usefixtures("carla")
def test_an_answered_call_shows_the_caller_and_their_open_tickets_and_leads_to_a_new_ticket(
    page: Page, live_server: Any, alice: User, settings: Any
) -> None:
    settings.DISPATCHDESK_CALL_SECRETS = {"pbx": SECRET}
    CallSource.objects.create(name="pbx")
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/agent/tickets/?open=on")
    page.locator("body[data-live-open]").wait_for(state="attached")

    status = post_signed(
        live_server.url,
        {
            "call_id": "e2e-1",
            "event": "answered",
            "from": "+49301234567",
            "agent": "alice",
            "at": "2026-12-03T14:05:00Z",
        },
    )

    assert status == 200
    toast = page.locator("#call-toasts .toast")
    expect(toast).to_contain_text("Call from Carla Vip", timeout=5_000)
    expect(toast).to_contain_text("2 open tickets")
    expect(toast).to_contain_text("Printer jams on floor 2")
    expect(toast).to_contain_text("VPN drops hourly")

    toast.get_by_role("link", name="New ticket for this caller").click()
    expect(page.get_by_label("Customer's email")).to_have_value("carla@vip.example")
    expect(page.get_by_label("Customer's name")).to_have_value("Carla Vip")


@pytest.mark.usefixtures("carla")
def test_typing_a_number_into_the_quick_create_finds_the_caller(page: Page, live_server: Any, alice: User) -> None:
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/agent/tickets/new/")

    page.get_by_label("Caller's phone").press_sequentially("+49 (30) 123-4567")

    expect(page.get_by_label("Customer's email")).to_have_value("carla@vip.example", timeout=5_000)
    expect(page.get_by_label("Customer's name")).to_have_value("Carla Vip")
    expect(page.locator("[data-caller-found]")).to_contain_text("Known caller: Carla Vip, 2 open tickets")
