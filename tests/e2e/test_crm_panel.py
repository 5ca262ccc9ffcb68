"""The CRM panel in Chromium: the ticket page shows at once, the customer's CRM record follows."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dispatchdesk.tickets.models import Ticket
from tests.crm_server import asked, crm_fixture  # noqa: F401 - provides the `crm` fixture
from tests.e2e.conftest import sign_in
from tests.local_server import LocalServer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("alice")
def test_a_slow_crm_fills_its_card_after_the_ticket_page_has_shown(
    page: Page, live_server: Any, carols_ticket: Ticket, crm: LocalServer, settings: Any
) -> None:
    settings.DISPATCHDESK_CRM_TIMEOUT_SECONDS = 5
    crm.delay = 1.5
    sign_in(page, live_server.url, "alice")

    page.goto(f"{live_server.url}/agent/tickets/{carols_ticket.pk}/")

    expect(page.get_by_role("heading", name="VPN drops every hour")).to_be_visible()
    expect(page.locator("#crm-panel")).to_contain_text("Looking the customer up in the CRM")
    expect(page.locator("#crm-record")).to_contain_text("Gold", timeout=5_000)
    expect(page.locator("#crm-record")).to_contain_text("Carol <script>alert(1)</script>")  # shown as text
    assert asked(crm) == ["/contacts?email=carol%40customer.example"]
