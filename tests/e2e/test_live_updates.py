"""Live updates in Chromium (decision 0027): pages follow changes without a reload.

A ticket written in by a customer appears in the agent's open list; the bell counts up when a
dispatcher assigns her work; two agents on one ticket each see the other, and when one types a
reply the other is warned.
"""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from dispatchdesk.accounts.models import SkillGroup, User
from dispatchdesk.customers.models import Contact
from dispatchdesk.intake.services import ticket_submit
from dispatchdesk.tickets.models import Channel, Ticket
from dispatchdesk.tickets.services import ticket_assign
from dispatchdesk.tickets.services.fields import TicketFields
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def second_page(browser: Browser, transactional_db: None) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def listening(page: Page) -> None:
    """The page's event stream is open (the list or ticket page would miss an earlier change)."""
    page.locator("body[data-live-open]").wait_for(state="attached")


def test_a_new_ticket_appears_in_the_open_list_and_the_bell_counts_up(
    page: Page, live_server: object, alice: User, bob: User, network: SkillGroup
) -> None:
    url = live_server.url  # type: ignore[attr-defined]
    sign_in(page, url, "alice")
    page.goto(f"{url}/agent/tickets/?open=on")
    listening(page)
    expect(page.locator("#notification-bell .badge")).to_have_count(0)

    customer = Contact.objects.create(name="Paula Printer", email="paula@customer.example")
    ticket = ticket_submit(
        customer=customer,
        subject="The printer on floor 3 smokes",
        description="Since this morning.",
        fields=TicketFields(group=network),
        channel=Channel.WEB,
    )
    expect(page.get_by_role("link", name="The printer on floor 3 smokes")).to_be_visible(timeout=3_000)

    ticket_assign(ticket_id=ticket.pk, agent_id=alice.pk, actor=bob)
    expect(page.locator("#notification-bell .badge")).to_have_text("1", timeout=3_000)
    expect(page.locator("#ticket-results")).to_contain_text("Alice Agent")


@pytest.mark.usefixtures("alice", "bob")
def test_two_agents_on_one_ticket_see_each_other_and_a_reply_being_written(
    page: Page, second_page: Page, live_server: object, carols_ticket: Ticket
) -> None:
    url = live_server.url  # type: ignore[attr-defined]
    ticket_url = f"{url}/agent/tickets/{carols_ticket.pk}/"
    sign_in(page, url, "alice")
    sign_in(second_page, url, "bob")
    second_page.goto(ticket_url)
    listening(second_page)

    page.goto(ticket_url)
    expect(second_page.locator("#ticket-viewers")).to_contain_text("Alice Agent is looking at this ticket too.")
    expect(page.locator("#ticket-viewers")).to_contain_text("is looking at this ticket too.")

    page.locator("textarea[name='reply-body']").fill("We are checking the tunnel now.")
    expect(second_page.locator("#ticket-viewers")).to_contain_text(
        "Alice Agent is writing a reply to this ticket right now."
    )

    page.get_by_role("button", name="Send to customer").click()
    notice = second_page.locator("#ticket-changes")
    expect(notice).to_contain_text("This ticket changed while you had it open:")
    expect(notice).to_contain_text("Reply · Alice Agent")
