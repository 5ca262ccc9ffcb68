"""In Chromium, the first-day loop: the agent replies, the customer reads it in her email, answers on
the page the email links to, and the agent finds the answer in the bell; and the whole loop from a
visitor's public form to her reopening the resolved ticket (issue 11's "done when")."""

import re
from email.message import EmailMessage

import pytest
from playwright.sync_api import Browser, Page, expect

from dispatchdesk.accounts.models import Presence, User
from dispatchdesk.dispatch.services.rules import rules_publish
from dispatchdesk.tickets.models import Status, Ticket
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
    page.locator("#compose-reply").get_by_role("button", name="Send to customer").click()
    expect(page.locator("#ticket")).to_contain_text("Please restart the router")

    [mail] = [m for m in smtp.messages if m["To"] == "carol@customer.example"]
    text = mail.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
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


def _link_in(smtp: Inbox, to: str, live_url: str, nth: int = -1) -> tuple[EmailMessage, str]:
    """The nth email to `to` and the ticket link it carries, pointed at the test's server."""
    mail = [m for m in smtp.messages if m["To"] == to][nth]
    link = re.search(r"https?://\S+/t/\S+/", mail.get_body(preferencelist=("plain",)).get_content())  # type: ignore[union-attr]
    assert link is not None, mail
    return mail, re.sub(r"^https?://[^/]+", live_url, link.group(0))


def test_the_whole_first_day_loop_from_the_public_form_to_the_reopen(
    page: Page, browser: Browser, live_server, alice: User, smtp: Inbox
) -> None:
    alice.agent.presence = Presence.ONLINE  # on duty: automatic dispatch gives her the router tickets
    alice.agent.save()
    rules_publish(
        rules=[{"name": "routers", "when": {"keywords": ["router"]}, "then": {"group": "network"}}], actor=None
    )
    visitor = browser.new_context(locale="en-GB")  # Vera has no account and is not signed in
    vera = visitor.new_page()

    # 1. Vera writes in through the public form and gets the confirmation with her link.
    vera.goto(f"{live_server.url}/request/")
    vera.get_by_label("Your name").fill("Vera Visitor")
    vera.get_by_label("Your email address").fill("vera@visitor.example")
    vera.get_by_label("Subject").fill("Router reboots every night")
    vera.get_by_label("Describe what happened").fill("At 2 am the router restarts and the shop is offline.")
    vera.get_by_role("button", name="Send request").click()
    expect(vera.locator("#request-sent")).to_contain_text("Thank you: we have your request.")
    confirmation, link = _link_in(smtp, "vera@visitor.example", live_server.url)
    ticket = Ticket.objects.get(subject="Router reboots every night")
    assert str(ticket.number) in confirmation["Subject"]
    assert ticket.assignee == alice  # the engine chose her

    # 2. Alice accepts and replies; Vera's reply email threads under the confirmation.
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/agent/tickets/{ticket.pk}/")
    page.get_by_role("button", name="Accept this ticket").click()
    expect(page.get_by_text("You accepted the ticket.")).to_be_visible()
    page.locator("#compose-reply").get_by_label("Text").fill("Does the router's log show a temperature warning?")
    page.locator("#compose-reply").get_by_role("button", name="Send to customer").click()
    expect(page.locator("#ticket")).to_contain_text("temperature warning")
    reply, link = _link_in(smtp, "vera@visitor.example", live_server.url)
    assert "temperature warning" in reply.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert confirmation["Message-ID"] in reply["References"]

    # 3. Vera answers on her ticket's page; Alice's bell says so.
    vera.goto(link)
    vera.get_by_label("Your answer").fill("Yes: 'CPU temperature high' just before each restart.")
    vera.get_by_role("button", name="Send answer").click()
    expect(vera.get_by_text("Thank you: your answer is on your request")).to_be_visible()
    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_text(f"Vera Visitor replied on ticket {ticket.number}")).to_be_visible()

    # 4. Alice resolves; Vera is told, finds it not solved and reopens from the same page.
    page.goto(f"{live_server.url}/agent/tickets/{ticket.pk}/")
    page.get_by_label("New status").select_option("resolved")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator("dl.facts")).to_contain_text("Resolved")
    resolved, link = _link_in(smtp, "vera@visitor.example", live_server.url)
    assert "resolved" in resolved["Subject"].lower()
    vera.goto(link)
    vera.get_by_label("Your answer").fill("It restarted again tonight.")
    vera.get_by_role("button", name="Reopen with this answer").click()
    expect(vera.get_by_text("It restarted again tonight.")).to_be_visible()
    visitor.close()

    ticket.refresh_from_db()
    assert ticket.status != Status.RESOLVED
    assert ticket.reopen_count == 1
    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_text(f"Vera Visitor reopened ticket {ticket.number}")).to_be_visible()
