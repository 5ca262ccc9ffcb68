"""In Chromium, the first-day loop: the agent replies, the customer reads it in her email, answers on
the page the email links to, and the agent finds the answer in the bell."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from dispatchdesk.accounts.models import User
from dispatchdesk.tickets.models import Ticket
from dispatchdesk.tickets.services import ticket_accept, ticket_assign
from tests.conftest import Inbox
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("immediate_tasks")]


@pytest.mark.usefixtures("alice")
def test_a_reply_goes_out_by_email_and_the_customers_answer_comes_back_to_the_agent(
    page: Page, browser: Browser, live_server, carols_ticket: Ticket, smtp: Inbox
) -> None:
    alice = User.objects.get(username="alice")
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=alice)
    ticket_accept(ticket_id=carols_ticket.pk, actor=alice)
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/agent/tickets/{carols_ticket.pk}/")
    page.locator("#compose-reply").get_by_label("Text").fill("Please restart the router and tell us what it says.")
    page.locator("#compose-reply").get_by_role("button", name="Send reply").click()
    expect(page.locator("#ticket")).to_contain_text("Please restart the router")

    [mail] = [m for m in smtp.messages if m["To"] == "carol@customer.example"]
    text = mail.get_body().get_content()  # type: ignore[union-attr]
    link = re.search(r"https?://\S+/t/\S+/", text)
    assert link is not None
    carol = browser.new_context(locale="en-GB")  # Carol at her own computer, not signed in
    customer = carol.new_page()
    customer.goto(link.group(0).replace("http://127.0.0.1:8000", live_server.url))
    expect(customer.get_by_text("Please restart the router and tell us what it says.")).to_be_visible()
    customer.get_by_label("Your answer").fill("It says: link down on port 2.")
    customer.get_by_role("button", name="Send answer").click()
    expect(customer.get_by_text("Thank you: your answer is on your request")).to_be_visible()
    expect(customer.get_by_text("It says: link down on port 2.")).to_be_visible()
    carol.close()

    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_text(f"Carol Customer replied on ticket {carols_ticket.number}")).to_be_visible()
