"""End to end in Chromium: an agent signs in, opens a ticket, replies; the customer's lookup shows the reply."""

import re

import pytest
from playwright.sync_api import Page, expect

from dispatchdesk.accounts.models import User
from dispatchdesk.tickets.models import Ticket
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_agents_reply_is_what_the_customer_sees(page: Page, live_server, alice: User, carols_ticket: Ticket) -> None:
    sign_in(page, live_server.url, "alice")
    expect(page).to_have_url(re.compile(r"/agent/tickets/"))

    page.get_by_role("link", name=re.compile("VPN drops every hour")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(carols_ticket.number))
    page.locator("#compose-reply").get_by_label("Text").fill("We replaced the tunnel certificate; please try again.")
    page.locator("#compose-reply").get_by_role("button", name="Send to customer").click()
    expect(page.locator("#ticket")).to_contain_text("We replaced the tunnel certificate")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/track/")
    page.get_by_label("Ticket number").fill(str(carols_ticket.number))
    page.get_by_label("Email").fill("CAROL@customer.example")
    page.get_by_role("button", name="Show my ticket").click()

    expect(page).to_have_url(re.compile(rf"/t/{carols_ticket.access_key}/"))
    expect(page.get_by_text("We replaced the tunnel certificate; please try again.")).to_be_visible()
    expect(page.get_by_text("Since Monday the VPN disconnects.")).to_be_visible()


def test_a_wrong_email_reveals_nothing(page: Page, live_server, carols_ticket: Ticket) -> None:
    page.goto(f"{live_server.url}/track/")
    page.get_by_label("Ticket number").fill(str(carols_ticket.number))
    page.get_by_label("Email").fill("mallory@evil.example")
    page.get_by_role("button", name="Show my ticket").click()

    expect(page).to_have_url(re.compile(r"/track/$"))
    expect(page.get_by_text("VPN drops every hour")).to_have_count(0)
