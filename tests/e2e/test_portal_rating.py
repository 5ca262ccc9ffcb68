"""In Chromium: the customer rates a resolved ticket from the link in the resolution email (received by
a real SMTP server), and the agent's ticket page shows the rating; a customer signs in by emailed link."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from dispatchdesk.accounts.models import User
from dispatchdesk.tickets.models import Rating, Status, Ticket
from dispatchdesk.tickets.services import ticket_accept, ticket_assign, ticket_change_status
from tests.conftest import Inbox
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("immediate_tasks")]

# The README's screenshot is taken again only when asked (DISPATCHDESK_SCREENSHOTS=1): a test run
# leaves the working tree as it found it.
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "portal-rating.png"


def emailed_link(smtp: Inbox, to: str, path: str, base_url: str) -> str:
    [mail] = [m for m in smtp.messages if m["To"] == to and path in m.get_body(preferencelist=("plain",)).get_content()]  # type: ignore[union-attr]
    found = re.search(rf"https?://[^/\s]+({path}\S+/)", mail.get_body(preferencelist=("plain",)).get_content())  # type: ignore[union-attr]
    assert found is not None
    return base_url + found.group(1)


@pytest.mark.usefixtures("alice")
def test_the_customer_rates_from_the_resolution_email_and_the_agent_sees_it(
    page: Page, browser: Browser, live_server, carols_ticket: Ticket, smtp: Inbox
) -> None:
    alice = User.objects.get(username="alice")
    ticket_assign(ticket_id=carols_ticket.pk, agent_id=alice.pk, actor=alice)
    ticket_accept(ticket_id=carols_ticket.pk, actor=alice)
    ticket_change_status(ticket_id=carols_ticket.pk, to=Status.RESOLVED, actor=alice)
    link = emailed_link(smtp, "carol@customer.example", "/rate/", live_server.url)

    customer = browser.new_context(locale="en-GB", viewport={"width": 1000, "height": 760}).new_page()
    customer.goto(link)
    expect(customer.get_by_role("heading", level=1)).to_have_text("VPN drops every hour")
    customer.get_by_label("4: Good").check()
    customer.get_by_label("Anything you want to tell us? (optional)").fill("Fixed within the day, thank you!")
    if os.environ.get("DISPATCHDESK_SCREENSHOTS") == "1":
        customer.screenshot(path=str(SCREENSHOT))
    customer.get_by_role("button", name="Send my rating").click()
    expect(customer.locator("#rated")).to_contain_text("You rated our answer to request")
    customer.goto(link)  # the link works once
    expect(customer.locator("#link-refused")).to_contain_text("already rated")

    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/agent/tickets/{carols_ticket.pk}/")
    expect(page.locator(".timeline-rating")).to_contain_text("Rated the answer 4 of 5")
    expect(page.locator(".timeline-rating")).to_contain_text("Fixed within the day, thank you!")
    assert Rating.objects.get().score == 4
    page.goto("about:blank")  # close the page's live stream before the database is flushed
    customer.context.close()


def test_a_customer_signs_in_with_the_emailed_link(page: Page, live_server, carols_ticket: Ticket, smtp: Inbox) -> None:
    page.goto(f"{live_server.url}/track/")
    page.get_by_role("link", name="Or sign in with your email to see all your requests").click()
    page.get_by_label("Your email address").fill("carol@customer.example")
    page.get_by_role("button", name="Email me a sign-in link").click()
    expect(page.locator("#sign-in-sent")).to_contain_text("a sign-in link is on its way")

    page.goto(emailed_link(smtp, "carol@customer.example", "/portal/sign-in/", live_server.url))
    page.get_by_role("button", name="Sign in and see my requests").click()

    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.get_by_text("VPN drops every hour")).to_be_visible()
